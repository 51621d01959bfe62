/**
 * Signed, expiring upload tokens for `PUT /uploads/:token`. A token names what the file is for (a
 * pending model version or a dataset import), the object key it goes to, the user it was issued to
 * and the size limit. It is signed with a key derived from SASGRAPH_SECRET for this purpose only, so
 * a download token never passes as an upload token (or the reverse).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Lifetime of upload links, seconds. */
export const UPLOAD_TTL_SECONDS = 3600;

/** What an upload is for: `id` is a model version id or an import upload id. */
export type UploadKind = "MODEL_VERSION" | "IMPORT";

export interface UploadClaims {
  kind: UploadKind;
  id: string;
  key: string;
  userId: string;
  maxBytes: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export class UploadTokenError extends Error {}

// v2: claims carry `kind`; a v1 (model-only) token fails the signature check instead of being misread.
function uploadKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("sasgraph upload v2").digest();
}

export function signUpload(claims: UploadClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const mac = createHmac("sha256", uploadKey(secret)).update(body).digest("base64url");
  return `${body}.${mac}`;
}

export function verifyUpload(token: string, secret: string, now = Date.now()): UploadClaims {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) throw new UploadTokenError("malformed upload token");
  const expected = createHmac("sha256", uploadKey(secret)).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UploadTokenError("invalid upload token");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as UploadClaims;
  if (claims.exp * 1000 < now) {
    throw new UploadTokenError(`upload link expired: ${claims.kind === "IMPORT" ? "call createImportUpload" : "create a new model version"} again`);
  }
  return claims;
}
