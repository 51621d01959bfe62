import { readAscii } from "../ascii-reader";
import { defineFormat } from "../format-kind";

export const asciiFormat = defineFormat({
  name: "ASCII",
  title: "Column text (ABS, SasView 'save as' txt, spreadsheet CSV)",
  extension: "txt",
  contentType: "text/plain; charset=utf-8",
  encoding: "text",
  read: {
    description: "2-4 columns q, I, dI, dQ (whitespace, comma, semicolon or tab), with comment/header lines",
    parse: readAscii,
  },
});
