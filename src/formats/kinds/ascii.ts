import { readAscii } from "../ascii-reader";
import { defineFormat } from "../format-kind";

export const asciiFormat = defineFormat({
  name: "ASCII",
  title: "Column text (SasView 'save as' txt, NIST ABS/USANS, ISIS RKH, ATSAS .dat, spreadsheet CSV)",
  extension: "txt",
  contentType: "text/plain; charset=utf-8",
  encoding: "text",
  read: {
    description:
      "Columns q, I, dI, dQ (more kept by name; whitespace, comma, semicolon or tab) after header lines: SasView text, NIST ABS/USANS (negative 4th column = slit length), ISIS RKH, ATSAS, CSV; units from the header",
    parse: readAscii,
  },
});
