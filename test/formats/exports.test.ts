import { exportDataset, parseFile } from "../../src/formats";
import type { CurveRecord } from "../../src/formats/curve";
import { FormatError } from "../../src/formats/curve";
import { validateCurve } from "../../src/formats/validate";
import { exportOf, fixture } from "./helpers";

/** Minimal .npy reader for the test: header dict + little-endian float64 body. */
function readNpy(buf: Buffer): { shape: number[]; values: Float64Array; headerBytes: number } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]));
  const headerLength = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + headerLength).toString("latin1");
  expect(header).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(\d+, \d+, 4\), \} *\n$/);
  const shape = (/\((\d+), (\d+), (\d+)\)/.exec(header) as RegExpExecArray).slice(1).map(Number);
  const body = buf.subarray(10 + headerLength);
  const values = new Float64Array(body.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = body.readDoubleLE(i * 8);
  return { shape, values, headerBytes: 10 + headerLength };
}

describe("exports", () => {
  it("NPY: float64 [curves, points, 4], NaN for absent columns and padding", async () => {
    const parsed = await parseFile("CANSAS_XML", fixture("sasview-cansas1d-v1_1.xml"));
    const out = await exportDataset("NPY", exportOf(parsed));
    expect(out.extension).toBe("npy");
    const { shape, values, headerBytes } = readNpy(out.body);
    expect(headerBytes % 64).toBe(0);
    expect(shape).toEqual([3, 6, 4]);
    const at = (k: number, i: number, col: number) => values[(k * 6 + i) * 4 + col];
    parsed.curves.forEach((c, k) => {
      for (let i = 0; i < 6; i++) {
        const expected = i < c.q.length ? [c.q[i], c.intensity[i], c.dI ? c.dI[i] : NaN, c.dQ ? c.dQ[i] : NaN] : [NaN, NaN, NaN, NaN];
        expect([0, 1, 2, 3].map((col) => at(k, i, col))).toEqual(expected);
      }
    });
  });

  it("JSON: full structure with metadata and PROV-JSON, values exact", async () => {
    const parsed = await parseFile("CANSAS_XML", fixture("sasview-cansas1d-v1_1.xml"));
    const data = exportOf(parsed);
    const out = await exportDataset("JSON", data);
    expect(out.contentType).toBe("application/json");
    const json = JSON.parse(out.body.toString("utf8"));
    expect(json.dataset).toEqual(data.dataset);
    expect(json.provenance).toEqual(data.provenance);
    expect(json.curves[0].q).toEqual(Array.from(parsed.curves[0].q));
    expect(json.curves[0].intensity[5]).toBe(0.12345678901234568);
    expect(json.curves[2].dI).toBeNull();
  });
});

describe("validateCurve (also used by the addCurves mutation)", () => {
  const ok = (): CurveRecord => ({
    q: new Float64Array([0.1, 0.2]),
    intensity: new Float64Array([1, 2]),
    dI: new Float64Array([0.1, 0.1]),
    dQ: null,
    qUnit: "INV_ANGSTROM",
    intensityUnit: "INV_CM",
  });
  const cases: [string, Partial<CurveRecord>, RegExp][] = [
    ["empty arrays", { q: new Float64Array(), intensity: new Float64Array(), dI: null }, /curves\[3\]\.q: is empty/],
    ["mismatched lengths", { intensity: new Float64Array([1]) }, /curves\[3\]\.intensity: has 1 values but q has 2/],
    ["mismatched dQ", { dQ: new Float64Array([0.1, 0.1, 0.1]) }, /curves\[3\]\.dQ: has 3 values/],
    ["NaN", { dI: new Float64Array([0.1, NaN]) }, /curves\[3\]\.dI: row 2 is NaN/],
    ["infinite q", { q: new Float64Array([0.1, Infinity]) }, /curves\[3\]\.q: row 2 is infinite/],
    ["equal q", { q: new Float64Array([0.1, 0.1]) }, /curves\[3\]\.q: row 2 .*must increase/],
    ["unknown unit", { qUnit: "INV_FURLONG" as CurveRecord["qUnit"] }, /curves\[3\]\.qUnit: unknown q unit/],
  ];
  it.each(cases)("%s", (_label, change, message) => {
    const curve = { ...ok(), ...change };
    expect(() => validateCurve(curve, "curves[3]")).toThrow(FormatError);
    expect(() => validateCurve(curve, "curves[3]")).toThrow(message);
  });
  it("accepts a good curve and enforces maxPoints", () => {
    expect(() => validateCurve(ok())).not.toThrow();
    expect(() => validateCurve(ok(), "c", { maxPoints: 1 })).toThrow(/c\.q: has 2 points, more than the limit of 1/);
  });
});
