/**
 * Signed, expiring upload tokens for `PUT /uploads/:token`. A token names the pending model version,
 * the object key its file goes to, the user it was issued to and the size limit. It is signed with
 * a key derived from SASGRAPH_SECRET for this purpose only, so a download token never passes as an
 * upload token (or the reverse).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface UploadClaims {
  versionId: string;
  key: string;
  userId: string;
  maxBytes: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export class UploadTokenError extends Error {}

function uploadKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("sasgraph model upload v1").digest();
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
  if (claims.exp * 1000 < now) throw new UploadTokenError("upload link expired: create a new model version");
  return claims;
}
