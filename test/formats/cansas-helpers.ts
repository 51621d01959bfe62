/** Shared by the canSAS XML tests: this folder's fixtures and a full curve comparison. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CurveRecord } from "../../src/formats/curve";
import { expectSameBits } from "./helpers";

export function cansasFixture(name: string): string {
  return readFileSync(join(__dirname, "fixtures", "cansas-xml", name), "utf8");
}

/** Same values bit for bit, same units, same kind of resolution, same extra columns. */
export function expectSameCurvesFully(actual: CurveRecord[], expected: CurveRecord[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, k) => {
    const a = actual[k];
    for (const key of ["q", "intensity", "dI", "dQ"] as const) expectSameBits(a[key], e[key]);
    expectSameBits(a.dQl ?? null, e.dQl ?? null);
    expectSameBits(a.dQw ?? null, e.dQw ?? null);
    expect([a.qUnit, a.intensityUnit]).toEqual([e.qUnit, e.intensityUnit]);
    expect(Object.keys(a.columns ?? {}).sort()).toEqual(Object.keys(e.columns ?? {}).sort());
    for (const [name, column] of Object.entries(e.columns ?? {})) {
      expect(a.columns?.[name].unit).toBe(column.unit);
      expectSameBits(a.columns?.[name].values ?? null, column.values);
    }
  });
}
