/**
 * Verification of AWS Signature Version 4 on requests to the embedded object store, in the
 * Authorization header or in a presigned URL's query.
 *
 * Written here because s3rver 3.7.1 does not do it (its authentication middleware looks up the access
 * key and, for V4, skips the signature: "Signature version 4 calculation is unimplemeneted"), and no
 * dependency of ours verifies SigV4 (the minio client only signs). It is AWS's published algorithm:
 * rebuild the canonical request from what arrived, derive the signing key from the secret, and compare
 * HMACs in constant time.
 *
 * The payload hash a header-signed request declares (x-amz-content-sha256) is part of what is
 * signed, but is not checked against the body, which s3rver reads itself: a forged body would need a
 * captured request replayed within its 15 minutes, and on loopback only root sees others' traffic.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export interface SigV4Key {
  accessKey: string;
  secretKey: string;
}

export interface SignedRequest {
  method: string;
  /** The request target as sent: path and query, percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
}

export type SigV4Verdict = { ok: true } | { ok: false; code: string; message: string };

const ALGORITHM = "AWS4-HMAC-SHA256";
/** How far a header-signed request's time may be from ours (S3's own limit). */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest lifetime S3 accepts for a presigned URL: a week. */
const MAX_EXPIRES_S = 7 * 24 * 3600;

function refuse(code: string, message: string): SigV4Verdict {
  return { ok: false, code, message };
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** 20240131T235959Z -> milliseconds, or NaN. */
function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(",") : value).trim().replace(/\s+/g, " ");
}

interface Authorization {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  payloadHash: string;
  /** Query parameters that are part of the canonical query (all but the signature). */
  query: [string, string][];
}

function parseQuery(rawQuery: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  if (!rawQuery) return pairs;
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? "" : part.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    pairs.push([key, value]);
  }
  return pairs;
}

function fromHeader(auth: string, headers: IncomingHttpHeaders, query: [string, string][]): Authorization | SigV4Verdict {
  if (!auth.startsWith(`${ALGORITHM} `)) return refuse("AccessDenied", `only ${ALGORITHM} signatures are accepted`);
  const fields = new Map<string, string>();
  for (const part of auth.slice(ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || !signedHeaders || !signature)
    return refuse("AuthorizationHeaderMalformed", "the Authorization header needs Credential, SignedHeaders and Signature");
  const amzDate = headerValue(headers, "x-amz-date");
  const payloadHash = headerValue(headers, "x-amz-content-sha256");
  if (!amzDate || !payloadHash) return refuse("AccessDenied", "a signed request needs the x-amz-date and x-amz-content-sha256 headers");
  return { credential, signedHeaders, signature, amzDate, payloadHash, query };
}

function fromQuery(query: [string, string][], now: number): Authorization | SigV4Verdict {
  const get = (name: string) => query.find(([k]) => k === name)?.[1];
  if (get("X-Amz-Algorithm") !== ALGORITHM) return refuse("AccessDenied", `only ${ALGORITHM} signatures are accepted`);
  const credential = get("X-Amz-Credential");
  const signedHeaders = get("X-Amz-SignedHeaders");
  const signature = get("X-Amz-Signature");
  const amzDate = get("X-Amz-Date");
  const expires = Number(get("X-Amz-Expires"));
  if (!credential || !signedHeaders || !signature || !amzDate || !Number.isInteger(expires)) {
    return refuse("AuthorizationQueryParametersError", "a presigned URL needs X-Amz-Credential, -SignedHeaders, -Signature, -Date and -Expires");
  }
  if (expires < 1 || expires > MAX_EXPIRES_S) return refuse("AuthorizationQueryParametersError", `X-Amz-Expires must be 1 to ${MAX_EXPIRES_S} seconds`);
  const signedAt = parseAmzDate(amzDate);
  if (now > signedAt + expires * 1000) return refuse("AccessDenied", "the presigned URL has expired");
  return {
    credential,
    signedHeaders,
    signature,
    amzDate,
    payloadHash: get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD",
    query: query.filter(([k]) => k !== "X-Amz-Signature"),
  };
}

/** Whether `request` carries a valid SigV4 signature made with `key`. */
export function verifySigV4(request: SignedRequest, key: SigV4Key, now: number = Date.now()): SigV4Verdict {
  const q = request.url.indexOf("?");
  const rawPath = q < 0 ? request.url : request.url.slice(0, q);
  const query = parseQuery(q < 0 ? "" : request.url.slice(q + 1));
  if (!query) return refuse("InvalidArgument", "the query string is not valid percent-encoding");
  const header = request.headers.authorization;
  const presigned = query.some(([k]) => k === "X-Amz-Algorithm");
  if (header === undefined && !presigned) return refuse("AccessDenied", "anonymous requests are refused: sign them with the store's key");
  if (header !== undefined && presigned) return refuse("InvalidArgument", "sign with the Authorization header or the query, not both");
  const auth = header !== undefined ? fromHeader(header, request.headers, query) : fromQuery(query, now);
  if ("ok" in auth) return auth;

  const signedAt = parseAmzDate(auth.amzDate);
  if (Number.isNaN(signedAt)) return refuse("AccessDenied", "the request's date is not of the form 20240131T235959Z");
  // Presigned URLs may be used long after signing, but none signed in the future.
  if ((header !== undefined && Math.abs(now - signedAt) > MAX_SKEW_MS) || signedAt - now > MAX_SKEW_MS) {
    return refuse("RequestTimeTooSkewed", "the request's time is more than 15 minutes from the store's");
  }
  const [accessKey, date, region, service, terminator, ...extra] = auth.credential.split("/");
  if (extra.length || !region || service !== "s3" || terminator !== "aws4_request" || date !== auth.amzDate.slice(0, 8)) {
    return refuse("AuthorizationHeaderMalformed", "the credential scope must be KEY/yyyymmdd/region/s3/aws4_request, dated as the request");
  }
  if (accessKey !== key.accessKey) return refuse("InvalidAccessKeyId", "the access key is not this store's");
  const signedHeaders = auth.signedHeaders.split(";");
  if (!signedHeaders.includes("host")) return refuse("AccessDenied", "the Host header must be signed");

  const segments = rawPath.split("/").map(decode);
  if (segments.some((s) => s === undefined)) return refuse("InvalidArgument", "the path is not valid percent-encoding");
  const canonicalUri = (segments as string[]).map(uriEncode).join("/") || "/";
  const canonicalQuery = auth.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  let canonicalHeaders = "";
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return refuse("AccessDenied", `the signed header ${name} is missing`);
    canonicalHeaders += `${name}:${value}\n`;
  }
  const canonicalRequest = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, auth.signedHeaders, auth.payloadHash].join("\n");
  const scope = [date, region, service, terminator].join("/");
  const stringToSign = [ALGORITHM, auth.amzDate, scope, createHash("sha256").update(canonicalRequest, "utf8").digest("hex")].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${key.secretKey}`, date), region), service), terminator);
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString("hex"), "utf8");
  const given = Buffer.from(auth.signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refuse("SignatureDoesNotMatch", "the request's signature does not match the store's key");
  }
  return { ok: true };
}
