/**
 * The body of an upload, streamed into one object-store key: counted, hashed and held to a size
 * limit on the way, never held in memory whole. A body of declared length goes straight to the
 * store; one sent without a length (chunked) is spooled to a temporary file first, since an S3 PUT
 * needs the length up front. A failed or refused upload leaves no object at the key (an earlier
 * one included: the client PUTs again).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ObjectStore } from "../../storage/object-store";
import { badInput, DomainError, tooLarge } from "../errors";
import { meter, UploadMeter } from "./upload-meter";

export interface ReceivedUpload {
  size: number;
  sha256: string;
}

export interface ReceiveOptions {
  maxBytes: number;
  /** Content-Type the object is stored with (the store's default, application/octet-stream, when absent). */
  contentType?: string;
  /** Content-Length of the request, when it had one. */
  declaredLength?: number;
  /** Throws when the upload's record went away while the bytes arrived (e.g. swept). */
  stillPending: () => Promise<unknown>;
}

export async function receiveIntoStore(store: ObjectStore, key: string, body: Readable, options: ReceiveOptions): Promise<ReceivedUpload> {
  const { maxBytes, declaredLength, contentType } = options;
  if (declaredLength !== undefined && declaredLength > maxBytes) throw tooLarge(`the file is ${declaredLength} bytes; the limit is ${maxBytes}`);
  if (declaredLength === 0) throw badInput("the upload is empty", "body");
  const counted = meter(body, new UploadMeter(maxBytes, (max) => tooLarge(`the file is over the limit of ${max} bytes`)));
  try {
    if (declaredLength !== undefined) await storeStream(store, key, counted, declaredLength, contentType);
    else await spoolAndStore(store, key, counted, contentType);
    if (counted.size === 0) throw badInput("the upload is empty", "body");
    await options.stillPending();
  } catch (err) {
    await store.removeQuietly([key]);
    throw err;
  }
  return { size: counted.size, sha256: counted.digest() };
}

async function storeStream(store: ObjectStore, key: string, body: Readable, size: number, contentType?: string): Promise<void> {
  try {
    await store.putStream(key, body, size, contentType);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    // The client's side (it went away, or sent less than it declared) is no storage outage.
    if (body instanceof UploadMeter && body.destroyed && !(err as { code?: string }).code)
      throw badInput(`the upload did not arrive whole: ${(err as Error).message}`, "body");
    throw new DomainError("UNAVAILABLE", `object storage did not accept the file (${(err as Error).message})`);
  }
}

/** A body of unknown length: to a temporary file (within the limit), then streamed from there. */
async function spoolAndStore(store: ObjectStore, key: string, body: UploadMeter, contentType?: string): Promise<void> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "sasgraph-upload-"));
  try {
    const file = path.join(dir, "body");
    await pipeline(body, fs.createWriteStream(file));
    if (body.size > 0) await storeStream(store, key, fs.createReadStream(file), body.size, contentType);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
