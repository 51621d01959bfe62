/**
 * RFC 6266: an ASCII `filename` for old clients and the name as given, UTF-8 and percent-encoded, in
 * `filename*` (imported files keep their names, `Å` or `データ` included; a raw one in a header throws,
 * and a raw `"` would end the quoted name early). Used by the API's download route and by presigned
 * S3 links, which ask the store to send the same header.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
