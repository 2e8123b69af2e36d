// The headers of every evidence page, for these responses only: nothing kept by any cache or archive, no
// referrer sent anywhere from here (the site default is same-origin), no powerful features, and the onion
// address for Tor Browser when ONION_URL is set. The cache default (private, no-store) is restated here,
// so no later step can make an evidence page public.
import type { RequestHandler } from 'express';
import { NO_STORE } from '../web/cache-control.ts';

const PERMISSIONS = [
  'camera=()', 'microphone=()', 'geolocation=()', 'interest-cohort=()', 'browsing-topics=()', 'payment=()', 'usb=()',
  'bluetooth=()', 'serial=()', 'hid=()', 'display-capture=()', 'screen-wake-lock=()', 'clipboard-read=()', 'accelerometer=()', 'gyroscope=()', 'magnetometer=()',
].join(', ');

export function evidenceHeaders(options: { onionUrl: string | undefined }): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Cache-Control', NO_STORE);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex, noarchive');
    res.setHeader('Permissions-Policy', PERMISSIONS);
    if (options.onionUrl) {
      res.setHeader('Onion-Location', `${options.onionUrl}${req.originalUrl}`);
      res.locals.onionUrl = options.onionUrl; // the advice names the address too
    }
    next();
  };
}
