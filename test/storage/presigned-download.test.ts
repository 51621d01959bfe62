/**
 * Presigned S3 links ask the store to send the same Content-Disposition as the API's download route:
 * imported files keep their names (quotes, `+`, non-ASCII), and a raw name would break the header.
 */
import * as http from "node:http";
import { ObjectStore } from "../../src/storage/object-store";
import { contentDisposition } from "../../src/storage/content-disposition";

const store = new ObjectStore({
  endPoint: "127.0.0.1",
  port: 9,
  useSSL: false,
  accessKey: "minioadmin",
  secretKey: "minioadmin",
  bucket: "sasgraph",
  region: "us-east-1",
  publicUrl: "https://files.example.org",
});

test.each(['run "4471" Å.xml', "silica+water_2026.h5", "データ.dat", "plain.csv"])("a presigned link for %s carries the RFC 6266 header", async (name) => {
  const url = new URL((await store.presignedDownloadUrl("exports/x", 60, name))!);
  expect(url.host).toBe("files.example.org");
  const header = url.searchParams.get("response-content-disposition")!;
  expect(header).toBe(contentDisposition(name));
  expect(() => http.validateHeaderValue("Content-Disposition", header)).not.toThrow();
  // The name comes back whole from filename*.
  expect(decodeURIComponent(header.split("filename*=UTF-8''")[1])).toBe(name);
});

test("the ASCII fallback never ends the quoted name early", () => {
  expect(contentDisposition('a"b\\c.xml')).toMatch(/^attachment; filename="a_b_c\.xml"; /);
});
