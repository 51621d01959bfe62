/**
 * The embedded store's SigV4 check against AWS's own published examples (S3 API reference,
 * "Signature Calculations for the Authorization Header: Example GET Object" and "Authenticating
 * Requests: Using Query Parameters"): the signatures there were computed by AWS, not by this code.
 */
import { verifySigV4 } from "../../src/storage/sigv4-verify";

const AWS_KEY = { accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const SIGNED_AT = Date.UTC(2013, 4, 24, 0, 0, 0);
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function headerExample(overrides: { range?: string; signature?: string } = {}) {
  return {
    method: "GET",
    url: "/test.txt",
    headers: {
      host: "examplebucket.s3.amazonaws.com",
      range: overrides.range ?? "bytes=0-9",
      "x-amz-content-sha256": EMPTY_SHA256,
      "x-amz-date": "20130524T000000Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" +
        (overrides.signature ?? "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
    },
  };
}

const PRESIGNED_QUERY =
  "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
  "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
  "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

function presignedExample(path = "/test.txt") {
  return { method: "GET", url: `${path}?${PRESIGNED_QUERY}`, headers: { host: "examplebucket.s3.amazonaws.com" } };
}

describe("verifySigV4 on AWS's published examples", () => {
  it("accepts the Authorization-header example, and nothing altered from it", () => {
    expect(verifySigV4(headerExample(), AWS_KEY, SIGNED_AT)).toEqual({ ok: true });
    expect(verifySigV4(headerExample({ range: "bytes=0-99" }), AWS_KEY, SIGNED_AT)).toMatchObject({ ok: false, code: "SignatureDoesNotMatch" });
    expect(verifySigV4({ ...headerExample(), method: "DELETE" }, AWS_KEY, SIGNED_AT)).toMatchObject({ ok: false, code: "SignatureDoesNotMatch" });
    expect(verifySigV4(headerExample(), { ...AWS_KEY, secretKey: "another secret" }, SIGNED_AT)).toMatchObject({ ok: false, code: "SignatureDoesNotMatch" });
    expect(verifySigV4(headerExample(), { ...AWS_KEY, accessKey: "AKIAOTHER" }, SIGNED_AT)).toMatchObject({ ok: false, code: "InvalidAccessKeyId" });
  });

  it("refuses the header example 15 minutes and more after it was signed", () => {
    expect(verifySigV4(headerExample(), AWS_KEY, SIGNED_AT + 14 * 60_000).ok).toBe(true);
    expect(verifySigV4(headerExample(), AWS_KEY, SIGNED_AT + 16 * 60_000)).toMatchObject({ ok: false, code: "RequestTimeTooSkewed" });
  });

  it("accepts the presigned-URL example until it expires, for its own path only", () => {
    expect(verifySigV4(presignedExample(), AWS_KEY, SIGNED_AT + 3600_000)).toEqual({ ok: true });
    expect(verifySigV4(presignedExample(), AWS_KEY, SIGNED_AT + 86_401_000)).toMatchObject({ ok: false, code: "AccessDenied" });
    expect(verifySigV4(presignedExample("/other.txt"), AWS_KEY, SIGNED_AT)).toMatchObject({ ok: false, code: "SignatureDoesNotMatch" });
    expect(verifySigV4({ ...presignedExample(), method: "PUT" }, AWS_KEY, SIGNED_AT)).toMatchObject({ ok: false, code: "SignatureDoesNotMatch" });
    expect(verifySigV4({ ...presignedExample(), headers: { host: "elsewhere.example.org" } }, AWS_KEY, SIGNED_AT)).toMatchObject({
      ok: false,
      code: "SignatureDoesNotMatch",
    });
  });

  it("refuses requests with no signature at all", () => {
    expect(verifySigV4({ method: "GET", url: "/test.txt", headers: { host: "examplebucket.s3.amazonaws.com" } }, AWS_KEY, SIGNED_AT)).toMatchObject({
      ok: false,
      code: "AccessDenied",
    });
    // s3rver's own V2 scheme is not accepted either.
    const v2 = {
      method: "GET",
      url: "/test.txt",
      headers: { host: "h", date: "Fri, 24 May 2013 00:00:00 GMT", authorization: "AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl" },
    };
    expect(verifySigV4(v2, AWS_KEY, SIGNED_AT)).toMatchObject({ ok: false, code: "AccessDenied" });
  });
});
