/**
 * Signed, expiring download tokens for the API's download route. A token names the object, the
 * dataset and the user it was issued to; the route checks the signature, the expiry, and that the
 * user may still see the dataset. Any API process holding SASGRAPH_SECRET can verify it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface DownloadClaims {
  /** Object key in the bucket. */
  key: string;
  datasetId: string;
  userId: string | null;
  filename: string;
  contentType: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export class DownloadTokenError extends Error {}

export function signDownload(claims: DownloadClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const mac = createHmac("sha256", secret).update(body).digest("base64url");
  return `${body}.${mac}`;
}

export function verifyDownload(token: string, secret: string, now = Date.now()): DownloadClaims {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) throw new DownloadTokenError("malformed download token");
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new DownloadTokenError("invalid download token");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as DownloadClaims;
  if (claims.exp * 1000 < now) throw new DownloadTokenError("download link expired: request a new one");
  return claims;
}
