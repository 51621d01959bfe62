import { badInput } from "./errors";

/**
 * PostgreSQL text and jsonb cannot hold the NUL character: a value with one fails in the database as
 * an internal error. Checked where user text enters, so the error names the field.
 */
export function checkText(value: string | null | undefined, field: string): void {
  if (typeof value === "string" && value.includes("\u0000")) throw badInput(`${field} contains the NUL character (\\u0000), which cannot be stored`, field);
}

export function checkTexts(values: readonly (string | null | undefined)[] | null | undefined, field: string): void {
  (values ?? []).forEach((v, i) => checkText(v, `${field}[${i}]`));
}
