// req.cookies from the Cookie header, parsed by `cookie` (the parser Express uses). The app sets no signed
// or JSON cookies, so cookie-parser's extra passes (and its two empty dictionaries per request) are not
// needed; a request without cookies shares one frozen empty object.
import { parse } from 'cookie';
import type { RequestHandler } from 'express';

const NO_COOKIES: Record<string, string> = Object.freeze({});

export const readCookies: RequestHandler = (req, _res, next) => {
  const header = req.headers.cookie;
  req.cookies = header ? (parse(header) as Record<string, string>) : NO_COOKIES;
  next();
};
