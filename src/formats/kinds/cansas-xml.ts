import { readCansasXml } from "../cansas-xml-reader";
import { writeCansasXml } from "../cansas-xml-writer";
import { defineFormat } from "../format-kind";

export const cansasXmlFormat = defineFormat({
  name: "CANSAS_XML",
  title: "canSAS 1D XML (reads v1.0 and v1.1, writes v1.1)",
  extension: "xml",
  // The document declares its encoding (UTF-8) itself.
  contentType: "application/xml",
  encoding: "text",
  read: { description: "canSAS 1D XML (v1.0, v1.1)", parse: readCansasXml },
  write: (data) => Buffer.from(writeCansasXml(data), "utf8"),
});
