import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CurveRecord, DatasetExport, ParsedFile } from "../../src/formats/curve";

export function fixture(name: string): string {
  return readFileSync(join(__dirname, "..", "fixtures", "formats", name), "utf8");
}

/** Every <tag ...>text</tag> of an XML text, as float64 via Number(): what "intact" means. */
export function xmlColumn(xml: string, tag: string, within?: string): number[] {
  const scope = within ?? xml;
  return [...scope.matchAll(new RegExp(`<${tag}\\b[^>]*>([^<]*)</${tag}>`, "g"))].map((m) => Number(m[1]));
}

/** Column k of every line made only of numbers. */
export function textColumn(text: string, k: number, firstLine = 0): number[] {
  return text
    .split("\n")
    .slice(firstLine)
    .map((l) => l.trim().split(/[\s,;]+/))
    .filter((t) => t.length >= 2 && t.every((x) => x !== "" && !Number.isNaN(Number(x))))
    .map((t) => Number(t[k]));
}

export function plain(curve: CurveRecord) {
  return {
    q: Array.from(curve.q),
    intensity: Array.from(curve.intensity),
    dI: curve.dI ? Array.from(curve.dI) : null,
    dQ: curve.dQ ? Array.from(curve.dQ) : null,
    qUnit: curve.qUnit,
    intensityUnit: curve.intensityUnit,
  };
}

/** Bit-exact comparison (Object.is distinguishes -0 and NaN too). */
export function expectSameBits(actual: ArrayLike<number> | null, expected: ArrayLike<number> | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  const a = Array.from(actual as ArrayLike<number>);
  const e = Array.from(expected);
  expect(a.length).toBe(e.length);
  const differing = a.map((x, i) => (Object.is(x, e[i]) ? null : { i, actual: x, expected: e[i] })).filter((d) => d !== null);
  expect(differing).toEqual([]);
}

export function expectSameCurves(actual: CurveRecord[], expected: CurveRecord[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, k) => {
    const a = actual[k];
    expectSameBits(a.q, e.q);
    expectSameBits(a.intensity, e.intensity);
    expectSameBits(a.dI, e.dI);
    expectSameBits(a.dQ, e.dQ);
    expect(a.qUnit).toBe(e.qUnit);
    expect(a.intensityUnit).toBe(e.intensityUnit);
  });
}

/** A DatasetExport around parsed curves, metadata filed as the import service files it. */
export function exportOf(parsed: ParsedFile, extra: Partial<DatasetExport["dataset"]> = {}): DatasetExport {
  return {
    dataset: {
      id: "7d4f3c2a-0000-4000-8000-000000000001",
      title: parsed.title ?? "test dataset",
      description: "Imported for a format round trip.\nSecond line.",
      kind: "MEASURED",
      technique: "SANS",
      license: "CC-BY-4.0",
      keywords: ["silica", "round trip"],
      metadata: { imported: parsed.metadata },
      owner: "tester",
      createdAt: "2024-03-05T14:22:10.000Z",
      ...extra,
    },
    provenance: {
      prefix: { sg: "https://sasgraph.example/ns#" },
      entity: { "sg:dataset-1": { "prov:label": "dataset" } },
      activity: { "sg:import-1": { "prov:label": "importCurves" } },
      agent: { "sg:tester": { "prov:type": "prov:Person" } },
      wasGeneratedBy: { "_:g1": { "prov:entity": "sg:dataset-1", "prov:activity": "sg:import-1" } },
    },
    curves: parsed.curves,
  };
}
