/**
 * `PUT /uploads/:token` serves several kinds of upload (model files, dataset imports): this checks
 * the token once and hands the body to the service that issued it.
 */
import type { Readable } from "node:stream";
import { DomainError } from "../errors";
import type { ReceivedUpload } from "./upload-receiver";
import { UploadTokenError, verifyUpload, type UploadClaims, type UploadKind } from "./upload-token";

/** Stores the body for the upload the claims name; answers size, sha256 and the id to complete it with. */
export type UploadReceiver = (claims: UploadClaims, body: Readable, declaredLength?: number) => Promise<ReceivedUpload>;

export class UploadDispatch {
  private readonly receivers = new Map<UploadKind, UploadReceiver>();

  constructor(private readonly secret: string) {}

  register(kind: UploadKind, receiver: UploadReceiver): void {
    this.receivers.set(kind, receiver);
  }

  /** Throws FORBIDDEN for a bad or expired token, and whatever the receiver throws. */
  async receive(token: string, body: Readable, declaredLength?: number): Promise<ReceivedUpload> {
    let claims: UploadClaims;
    try {
      claims = verifyUpload(token, this.secret);
    } catch (err) {
      throw new DomainError("FORBIDDEN", err instanceof UploadTokenError ? err.message : "invalid upload token");
    }
    const receiver = this.receivers.get(claims.kind);
    if (!receiver) throw new DomainError("FORBIDDEN", "invalid upload token");
    return receiver(claims, body, declaredLength);
  }
}
