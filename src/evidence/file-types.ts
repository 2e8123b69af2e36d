// What a source may send, judged from the content (magic bytes, file-type 21), never from the name or the
// type the browser claims. Plain text has no magic bytes: a sample that is valid UTF-8 without binary
// control characters counts as text. Macro-enabled Office formats and anything else are refused.
import { fileTypeFromBuffer } from 'file-type';

/** The accepted types, by group (the submit page lists the groups). */
export const ACCEPTED_GROUPS = {
  documents: ['application/pdf', 'application/rtf', 'text/plain',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.oasis.opendocument.presentation', 'application/x-cfb'],
  images: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/tiff', 'image/bmp', 'image/heic', 'image/heif', 'image/avif'],
  audio: ['audio/mpeg', 'audio/mp4', 'audio/x-m4a', 'audio/aac', 'audio/ogg', 'audio/ogg; codecs=opus', 'audio/wav', 'audio/flac', 'audio/amr'],
  video: ['video/mp4', 'video/quicktime', 'video/webm', 'video/matroska', 'video/3gpp', 'video/3gpp2', 'video/vnd.avi', 'video/mpeg', 'video/ogg', 'video/x-m4v'],
  archives: ['application/zip'],
} as const;

const ACCEPTED = new Set<string>(Object.values(ACCEPTED_GROUPS).flat());

/** Bytes read before deciding (file-type's own sample is 4,100 bytes; Office files need more to tell from zip). */
export const SNIFF_BYTES = 64 * 1024;

export interface DetectedType {
  readonly mime: string;
  readonly ext: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Control characters other than tab, line feed, form feed and carriage return: binary data, not text.
const BINARY = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function looksLikeText(sample: Uint8Array, complete: boolean): boolean {
  if (sample.length === 0) return false;
  // A sample cut in the middle of a character: drop up to 3 bytes of the unfinished sequence.
  for (let cut = 0; cut <= (complete ? 0 : 3); cut += 1) {
    try {
      return !BINARY.test(utf8.decode(sample.subarray(0, sample.length - cut)));
    } catch {
      // not valid UTF-8 at this length
    }
  }
  return false;
}

/** The accepted type of a file whose first bytes are `sample` (all of it when `complete`), or undefined. */
export async function detectAcceptedType(sample: Uint8Array, complete: boolean): Promise<DetectedType | undefined> {
  const found = await fileTypeFromBuffer(sample);
  if (found) return ACCEPTED.has(found.mime) ? { mime: found.mime, ext: found.ext } : undefined;
  return looksLikeText(sample, complete) ? { mime: 'text/plain', ext: 'txt' } : undefined;
}
