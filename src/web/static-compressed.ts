// The stylesheets, the script and the SVG icon, compressed once (brotli at its best quality, gzip -9) the
// first time each is asked for and then served from memory: a few kilobytes each, fetched on every first
// visit. A client that accepts neither encoding gets the file itself from static-files.ts; every answer
// carries `Vary: Accept-Encoding`. In development a changed file is compressed again.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { RequestHandler, Response } from 'express';
import { PUBLIC_DIR } from './static-files.ts';

export const STATIC_COMPRESSED = /^\/(css\/[a-z0-9._-]+\.css|js\/[a-z0-9._-]+\.js|favicon\.svg)$/;

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };
/** As static-files.ts gives CSS and JS: revalidated by ETag every five minutes. */
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

interface Variant {
  readonly body: Buffer;
  readonly etag: string;
}

interface Entry {
  readonly mtimeMs: number;
  readonly mtime: Date;
  readonly type: string;
  readonly br: Variant;
  readonly gzip: Variant;
}

function compressFile(file: string, stat: fs.Stats): Entry {
  const content = fs.readFileSync(file);
  const tag = createHash('sha256').update(content).digest('base64url').slice(0, 22);
  return {
    mtimeMs: stat.mtimeMs,
    mtime: stat.mtime,
    type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    br: { body: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }), etag: `"${tag}-br"` },
    gzip: { body: gzipSync(content, { level: 9 }), etag: `"${tag}-gz"` },
  };
}

function notModified(req: { headers: Record<string, string | string[] | undefined> }, etag: string, mtime: Date): boolean {
  const match = req.headers['if-none-match'];
  if (typeof match === 'string') return match.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*');
  const since = req.headers['if-modified-since'];
  return typeof since === 'string' && Math.floor(mtime.getTime() / 1000) <= Math.floor(Date.parse(since) / 1000);
}

function sendVariant(res: Response, entry: Entry, encoding: 'br' | 'gzip', head: boolean, fresh: boolean): void {
  const variant = entry[encoding];
  res.setHeader('Cache-Control', CACHE_CONTROL);
  res.setHeader('ETag', variant.etag);
  res.setHeader('Last-Modified', entry.mtime.toUTCString());
  if (fresh) return void res.status(304).end();
  res.setHeader('Content-Type', entry.type);
  res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(variant.body.length));
  res.status(200).end(head ? undefined : variant.body);
}

export function precompressedStatic(options: { watch: boolean }): RequestHandler {
  const cache = new Map<string, Entry>();
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !STATIC_COMPRESSED.test(req.path)) return next();
    res.vary('Accept-Encoding');
    const encoding = req.acceptsEncodings('br') === 'br' ? 'br' : req.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : undefined;
    if (!encoding) return next();
    const file = path.join(PUBLIC_DIR, req.path);
    let entry = cache.get(file);
    if (!entry || options.watch) {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) return next();
      if (!entry || entry.mtimeMs !== stat.mtimeMs) cache.set(file, (entry = compressFile(file, stat)));
    }
    sendVariant(res, entry, encoding, req.method === 'HEAD', notModified(req, entry[encoding].etag, entry.mtime));
  };
}
