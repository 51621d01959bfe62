/**
 * Validates documents against the canSAS 1D v1.1 schema (fixtures/cansas-xml/schema, unchanged) with
 * xmllint-wasm: libxml2's own XSD validator, compiled to wasm, from npm.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";

export const CANSAS_XSD = readFileSync(join(__dirname, "fixtures", "cansas-xml", "schema", "cansas1d_v1_1.xsd"), "utf8");

/** libxml2's messages for `xml`; [] when it validates. */
export async function schemaErrors(xml: string, fileName = "export.xml"): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName, contents: xml }], schema: [{ fileName: "cansas1d_v1_1.xsd", contents: CANSAS_XSD }] });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
