// Takes a multipart submission as it streams in (busboy): text fields are kept (they are small), each file
// is type-checked from its first bytes and encrypted to the organisers' keys on its way to disk. A request
// that breaks a rule (a file over the limit, an 11th file, a refused type, broken multipart) stops being
// read, everything written for it is removed, and the rest of the body is drained so the browser gets the
// answer. Nothing here logs or keeps a file's name or content.
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { drainBody } from './drain.ts';
import { encryptToFile } from './encrypt-stream.ts';
import type { DetectedType } from './file-types.ts';
import type { RecipientKey } from './keyring.ts';
import type { PartStore } from './part-store.ts';
import { RefusedFile, SniffStream } from './sniff-stream.ts';

export const LIMITS = {
  files: 10,
  fileBytes: 30 * 1024 * 1024,
  /** A text field's bytes (10,000 characters of Cyrillic are 20 KB of UTF-8). */
  fieldBytes: 64 * 1024,
  fields: 20,
} as const;

/** The most a whole request may be: every file at its limit and the fields, with room for the multipart framing. */
export const MAX_REQUEST_BYTES = LIMITS.files * LIMITS.fileBytes + 2 * 1024 * 1024;

export type IntakeFailure = 'too-large' | 'too-many-files' | 'refused-type' | 'empty-file' | 'field-too-long' | 'malformed' | 'not-allowed';

export interface IntakeFile {
  /** The stored (random) name; written as a partial until committed. */
  readonly storedName: string;
  /** The name the browser sent, cleaned; it goes only into the ciphertext. */
  readonly originalName: string;
  readonly type: DetectedType;
  readonly bytes: number;
  readonly sha256: string;
  readonly cipherBytes: number;
}

export type Intake =
  | { readonly ok: true; readonly fields: ReadonlyMap<string, string>; readonly files: readonly IntakeFile[] }
  | { readonly ok: false; readonly failure: IntakeFailure; readonly fileName?: string; readonly fields: ReadonlyMap<string, string>; readonly closeConnection: boolean };

export interface IntakeOptions {
  readonly recipients: readonly RecipientKey[];
  readonly store: PartStore;
  readonly day: Date;
  /** The text fields to keep; others are ignored. */
  readonly fieldNames: readonly string[];
  /** Asked once, when the first file arrives, with the fields seen before it: false refuses the request. */
  readonly allowFiles?: (fields: ReadonlyMap<string, string>) => boolean;
}

/** The browser's file name without paths or control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

export function takeMultipart(req: IncomingMessage, options: IntakeOptions): Promise<Intake> {
  const fields = new Map<string, string>();
  const files: IntakeFile[] = [];
  const written: string[] = [];
  const tasks: Promise<unknown>[] = [];
  const active = new Set<SniffStream>();
  let failure: { reason: IntakeFailure; fileName?: string } | undefined;
  let fatal: { error: unknown } | undefined;
  let received = 0;
  let filesSeen = 0;
  let allowed: boolean | undefined;

  return new Promise<Intake>((resolve, reject) => {
    let bb: busboy.Busboy;
    let drained: Promise<boolean> = Promise.resolve(false);
    let parsed = false;

    const finish = async () => {
      await Promise.allSettled(tasks);
      const closeConnection = await drained;
      if (fatal || failure) await options.store.discard(written);
      if (fatal) return reject(fatal.error);
      if (failure) return resolve({ ok: false, failure: failure.reason, ...(failure.fileName ? { fileName: failure.fileName } : {}), fields, closeConnection });
      resolve({ ok: true, fields, files: files.filter(Boolean) });
    };

    /** Stops reading the request and the files in flight. Reading the rest of the body lets the answer reach the browser. */
    const stop = () => {
      for (const stream of active) stream.destroy(new RefusedFile('too-large'));
      if (bb) req.unpipe(bb);
      drained = drainBody(req);
      if (!parsed) {
        parsed = true;
        void finish().catch(reject);
      }
    };

    /** The request breaks a rule; the first reason wins. */
    const fail = (reason: IntakeFailure, fileName?: string) => {
      if (failure || fatal) return;
      failure = { reason, ...(fileName ? { fileName } : {}) };
      stop();
    };

    const type = String(req.headers['content-type'] ?? '');
    if (!/^multipart\/form-data\s*;/i.test(type)) {
      fail('malformed'); // the form is always multipart (busboy would also read urlencoded bodies)
      return;
    }
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // One byte more than a file may have: busboy reports a file that reaches its limit as truncated.
        limits: { files: LIMITS.files + 2, fileSize: LIMITS.fileBytes + 1, fields: LIMITS.fields, fieldSize: LIMITS.fieldBytes, parts: LIMITS.files + LIMITS.fields + 2, headerPairs: 20 },
      });
    } catch {
      fail('malformed'); // not multipart, or no boundary
      return;
    }

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_REQUEST_BYTES) fail('too-large');
    });
    req.on('aborted', () => fail('malformed'));

    bb.on('field', (name, value, info) => {
      if (failure) return;
      if (info.valueTruncated) return fail('field-too-long');
      if (options.fieldNames.includes(name)) fields.set(name, value);
    });

    bb.on('file', (name, stream, info) => {
      const filename = info.filename ?? '';
      if (failure || name !== 'files' || filename === '') {
        stream.resume(); // an empty file input (nothing chosen), another field, or a refused request
        return;
      }
      filesSeen += 1;
      if (filesSeen > LIMITS.files) {
        stream.resume();
        return fail('too-many-files');
      }
      allowed ??= options.allowFiles ? options.allowFiles(fields) : true;
      if (!allowed) {
        stream.resume();
        return fail('not-allowed');
      }
      const index = filesSeen - 1;
      const originalName = cleanFileName(filename);
      const storedName = options.store.newName();
      written.push(storedName);
      const sniff = new SniffStream();
      active.add(sniff);
      stream.on('limit', () => fail('too-large', originalName));
      // Both halves settle before the task does, so nothing is still being written when a refusal cleans up.
      const task = Promise.allSettled([
        pipeline(stream, sniff),
        encryptToFile(sniff, options.recipients, { filename: originalName, day: options.day }, options.store.partialPath(storedName)),
      ]).then(([piped, encrypted]) => {
        active.delete(sniff);
        if (piped.status === 'fulfilled' && encrypted.status === 'fulfilled') {
          files[index] = { storedName, originalName, type: sniff.type!, bytes: sniff.bytes, sha256: sniff.sha256, cipherBytes: encrypted.value };
          return;
        }
        const errors = [piped, encrypted].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        const refused = errors.find((e): e is RefusedFile => e instanceof RefusedFile);
        if (refused) return fail(refused.reason, originalName);
        if (failure || fatal) return; // a stream we stopped ourselves
        fatal = { error: errors[0] }; // the disk or the encryption failed: a 500, with nothing kept
        stop();
      });
      tasks.push(task);
    });

    bb.on('filesLimit', () => fail('too-many-files'));
    bb.on('fieldsLimit', () => fail('malformed'));
    bb.on('partsLimit', () => fail('malformed'));
    bb.on('error', () => fail('malformed'));
    bb.on('close', () => {
      if (parsed) return;
      parsed = true;
      void finish().catch(reject);
    });
    req.pipe(bb);
  });
}
