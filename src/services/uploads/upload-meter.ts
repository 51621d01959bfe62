/**
 * The bytes of an upload on their way to object storage: counted and hashed as they pass, and
 * failed as soon as they go over the limit, so nothing has to hold the whole file.
 */
import { createHash } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";

export class UploadMeter extends Transform {
  size = 0;
  private readonly hash = createHash("sha256");

  constructor(
    private readonly maxBytes: number,
    private readonly overLimit: (maxBytes: number) => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.size += bytes.length;
    if (this.size > this.maxBytes) return done(this.overLimit(this.maxBytes));
    this.hash.update(bytes);
    done(null, bytes);
  }

  /** Hex sha256 of everything that passed (call once, after the end). */
  digest(): string {
    return this.hash.digest("hex");
  }
}

/**
 * Feed `source` into `meter`. Unlike pipeline(), a failure does not destroy the source: an HTTP
 * request body must stay open so the route can still answer (413) on its socket.
 */
export function meter(source: Readable, into: UploadMeter): UploadMeter {
  source.on("error", (err) => into.destroy(err));
  source.on("close", () => {
    if (!source.readableEnded) into.destroy(new Error("the client closed the upload before it ended"));
  });
  into.on("error", () => source.unpipe(into));
  source.pipe(into);
  return into;
}
