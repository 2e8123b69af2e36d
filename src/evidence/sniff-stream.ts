// A pass-through that holds back the first SNIFF_BYTES of a file until its type is known from the content:
// an accepted file flows on (with its SHA-256 and size counted), anything else fails the stream before a
// byte of it reaches the encryption. It also fails when told the file went over its size limit.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { detectAcceptedType, SNIFF_BYTES, type DetectedType } from './file-types.ts';

export class RefusedFile extends Error {
  constructor(readonly reason: 'refused-type' | 'empty-file' | 'too-large') {
    super(reason);
  }
}

export class SniffStream extends Transform {
  type: DetectedType | undefined;
  bytes = 0;
  private readonly hash = createHash('sha256');
  private held: Buffer[] = [];
  private heldBytes = 0;

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.type) return done(null, chunk);
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < SNIFF_BYTES) return done();
    this.decide(false, done);
  }

  override _flush(done: TransformCallback): void {
    if (this.type) return done();
    if (this.bytes === 0) return done(new RefusedFile('empty-file'));
    this.decide(true, done);
  }

  private decide(complete: boolean, done: TransformCallback): void {
    const sample = Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    detectAcceptedType(sample, complete).then((type) => {
      if (!type) return done(new RefusedFile('refused-type'));
      this.type = type;
      done(null, sample);
    }, done);
  }
}
