// Reads and drops what is left of a request body, so a browser that is still sending gets the answer
// instead of a reset connection. Past `limit` bytes it stops: the caller then closes the connection.
import type { IncomingMessage } from 'node:http';

export const DRAIN_BYTES = 40 * 1024 * 1024;

/** Resolves true when the body was longer than `limit` (the connection should close). */
export function drainBody(req: IncomingMessage, limit = DRAIN_BYTES): Promise<boolean> {
  if (req.readableEnded || req.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let read = 0;
    const done = (closeConnection: boolean) => {
      req.off('data', count);
      resolve(closeConnection);
    };
    const count = (chunk: Buffer) => {
      read += chunk.length;
      if (read > limit) {
        req.pause();
        done(true);
      }
    };
    req.on('data', count);
    req.once('end', () => done(false));
    req.once('close', () => done(false));
    req.resume();
  });
}
