// Stops an HTTP server without dropping an answer. Node's server.close() closes every keep-alive
// connection that looks idle at that instant, and a request already on its way on such a connection
// (sent a few milliseconds before) is then reset: the signer cannot tell whether the signature was taken.
// Instead, on stop:
// 1. the listening socket is closed (no new connections; a client trying one is refused before it has
//    sent anything, so it knows nothing was received);
// 2. every response not yet begun, and every request that still arrives on an open connection, is
//    answered with `Connection: close`, so Node closes that connection right after it;
// 3. idle keep-alive connections are left to end by their own keep-alive timeout, which Node announced to
//    the client (`Keep-Alive: timeout=5`): a client does not send on a connection that is about to expire,
//    so nothing races the close. Whatever is still idle after that is closed; after `forceAfterMs`,
//    everything is.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

export interface HttpDrain {
  /** Resolves once every connection has ended: every request received has had its answer. */
  drain(options?: { forceAfterMs?: number }): Promise<{ forced: boolean }>;
}

export function drainable(server: Server): HttpDrain {
  let stopping = false;
  const pending = new Set<ServerResponse>();
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  // First of the 'request' listeners, so it runs before the app can begin the response.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) return closeAfter(res);
    pending.add(res);
    res.once('close', () => pending.delete(res));
  });

  return {
    drain({ forceAfterMs = 15_000 } = {}) {
      stopping = true;
      return new Promise((resolve) => {
        const idleAfter = setTimeout(() => server.closeIdleConnections(), server.keepAliveTimeout + 1000);
        let forced = false;
        const force = setTimeout(() => {
          forced = true;
          server.closeAllConnections();
        }, forceAfterMs);
        // net.Server's close, not http.Server's: that one would first close the idle connections at once.
        net.Server.prototype.close.call(server, () => {
          clearTimeout(idleAfter);
          clearTimeout(force);
          resolve({ forced });
        });
        for (const res of pending) closeAfter(res);
        pending.clear();
      });
    },
  };
}
