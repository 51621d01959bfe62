import { exportDataset, parseFile } from "../../src/formats";
import { FormatError } from "../../src/formats/curve";
import { exportOf, expectSameBits, expectSameCurves, fixture, textColumn } from "./helpers";

describe("ASCII import of files other SAS software writes", () => {
  it("SasView 'Save as txt' (<X> <Y> <dY> <dX>), units from the caller", async () => {
    const text = fixture("sasview-save-as.txt");
    const parsed = await parseFile("ASCII", text, { qUnit: "1/A", intensityUnit: "1/cm" });
    const c = parsed.curves[0];
    expectSameBits(c.q, textColumn(text, 0));
    expectSameBits(c.intensity, textColumn(text, 1));
    expectSameBits(c.dI, textColumn(text, 2));
    expectSameBits(c.dQ, textColumn(text, 3));
    expect(c.q[0]).toBe(0.0012345678901234567);
    expect([c.qUnit, c.intensityUnit]).toEqual(["INV_ANGSTROM", "INV_CM"]);
  });

  it("NIST/IGOR .ABS: header block skipped, first 4 of 6 columns, units from the column line", async () => {
    const text = fixture("nist-igor-reduced.ABS");
    const parsed = await parseFile("ASCII", text, { qUnit: "1/nm", intensityUnit: "arbitrary" });
    const c = parsed.curves[0];
    expect(c.q).toHaveLength(8);
    const first = text.split("\n").findIndex((l) => l.startsWith("The 6 columns"));
    for (const [k, col] of [
      [0, c.q],
      [1, c.intensity],
      [2, c.dI],
      [3, c.dQ],
    ] as const)
      expectSameBits(col, textColumn(text, k, first + 1));
    expect([c.qUnit, c.intensityUnit]).toEqual(["INV_ANGSTROM", "INV_CM"]);
    expect(parsed.title).toMatch(/^FILE: SANS_MAR24_017/);
    expect((parsed.metadata.header as string[])[1]).toBe("LABEL: micelles 2 wt% in D2O 4m");
  });

  it("ATSAS .dat: title line then q I err, ATSAS's 1/nm passed by the caller", async () => {
    const text = fixture("atsas-sample.dat");
    const parsed = await parseFile("ASCII", text, { qUnit: "1/nm", intensityUnit: "arbitrary" });
    const c = parsed.curves[0];
    expectSameBits(c.q, textColumn(text, 0));
    expectSameBits(c.intensity, textColumn(text, 1));
    expectSameBits(c.dI, textColumn(text, 2));
    expect(c.dQ).toBeNull();
    expect(c.title).toBe("Lysozyme 5 mg/ml in 40 mM NaOAc pH 3.8, averaged frames 1-20");
    expect([c.qUnit, c.intensityUnit]).toEqual(["INV_NM", "ARBITRARY"]);
  });

  it("CSV with units in the header, and other separators", async () => {
    const csv = await parseFile("ASCII", fixture("spreadsheet.csv"));
    expectSameBits(csv.curves[0].dQ, [0.001, 0.0011, 0.0012]);
    expect([csv.curves[0].qUnit, csv.curves[0].intensityUnit]).toEqual(["INV_ANGSTROM", "INV_CM"]);
    const semicolon = await parseFile("ASCII", "Q [nm^-1];I [a.u.];err\n0.1;5;0.5\n0.2;4;0.25\n");
    expect([semicolon.curves[0].qUnit, semicolon.curves[0].intensityUnit]).toEqual(["INV_NM", "ARBITRARY"]);
    expectSameBits(semicolon.curves[0].dI, [0.5, 0.25]);
    const tabs = await parseFile("ASCII", "# two columns\n0.1\t7.25\n0.2\t3.5\n", { intensityUnit: "INV_CM" });
    expectSameBits(tabs.curves[0].intensity, [7.25, 3.5]);
    expect(tabs.curves[0].dI).toBeNull();
  });

  it("round trips: import -> CSV export -> import gives the same curves", async () => {
    const abs = await parseFile("ASCII", fixture("nist-igor-reduced.ABS"));
    const txt = await parseFile("ASCII", fixture("sasview-save-as.txt"), { qUnit: "1/nm", intensityUnit: "counts" });
    const twoCurves = {
      ...abs,
      curves: [...abs.curves, ...txt.curves.map((c) => ({ ...c, dQ: null, parameters: { temperature: { value: 25, unit: "C" } } }))],
    };
    const out = await exportDataset("CSV", exportOf(twoCurves));
    expect(out.contentType).toMatch(/^text\/csv/);
    const text = out.body.toString("utf8");
    expect(text).toMatch(/^# dataset_id: 7d4f3c2a/m);
    expect(text).toMatch(/^# provenance: entity: sg:dataset-1; activity: sg:import-1; agent: sg:tester$/m);
    expect(text).toMatch(/^curve,q,I,dI,dQ$/m); // units differ between the curves: they are in the curve lines
    const again = await parseFile("ASCII", text);
    expectSameCurves(again.curves, twoCurves.curves);
    expect(again.curves[1].parameters).toEqual({ temperature: { value: 25, unit: "C" } });
    expect(again.curves[0].title).toBe(abs.curves[0].title);
  });

  it("a CSV with one unit for all curves names it in the column header", async () => {
    const csv = await parseFile("ASCII", fixture("spreadsheet.csv"));
    const text = (await exportDataset("CSV", exportOf(csv))).body.toString();
    expect(text).toMatch(/^curve,q \(1\/A\),I \(1\/cm\),dI \(1\/cm\),dQ \(1\/A\)$/m);
    expect(text).toMatch(/^0,0.01,100.5,1.5,0.001$/m);
  });
});

describe("ASCII rejects", () => {
  const cases: [string, string, RegExp][] = [
    ["text with no numeric rows", "hello\nworld\n", /no numeric rows/],
    ["a broken row naming its line", "q,I\n0.1,2\n0.2,x\n", /line 3: "0.2,x" is not a row of numbers/],
    ["rows of different widths", "0.1 2 0.1\n0.2 3\n", /line 2: 2 columns where earlier rows have 3/],
    ["NaN", "0.1 2\n0.2 nan\n", /curves\[0\]\.intensity: row 2 is NaN/],
    ["infinite", "0.1 2\n0.2 -inf\n", /curves\[0\]\.intensity: row 2 is infinite/],
    ["non-increasing q", "0.2 2\n0.1 3\n", /curves\[0\]\.q: row 2 .*must increase/],
    ["negative q", "-0.1 2\n0.1 3\n", /curves\[0\]\.q: row 1 is -0.1: q must be positive/],
    ["negative dI", "0.1 2 -1\n0.2 3 1\n", /curves\[0\]\.dI: row 1 is -1/],
    ["negative dQ", "0.1 2 1 0.01\n0.2 3 1 -0.01\n", /curves\[0\]\.dQ: row 2 is -0.01/],
    ["an unknown unit in the header", "q (furlong),I (1/cm)\n0.1,2\n", /header\.q: unknown q unit "furlong"/],
    ["dI in another unit than I", "q (1/A),I (1/cm),dI (1/m)\n0.1,2,0.1\n", /header\.dI: unit "1\/m" differs/],
  ];
  it.each(cases)("%s", async (_label, content, message) => {
    const attempt = parseFile("ASCII", content);
    await expect(attempt).rejects.toBeInstanceOf(FormatError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("an unknown default unit and the points limit", async () => {
    await expect(parseFile("ASCII", "0.1 2\n", { qUnit: "parsec" })).rejects.toThrow(/options\.qUnit: unknown q unit/);
    await expect(parseFile("ASCII", "0.1 2\n0.2 3\n0.3 4\n", { maxPoints: 2 })).rejects.toThrow(/more than 2 rows \(limit\)/);
  });
});
