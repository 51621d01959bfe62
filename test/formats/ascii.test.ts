import { exportDataset, parseFile } from "../../src/formats";
import { FormatError } from "../../src/formats/curve";
import { exportOf, expectSameBits, expectSameCurves, fixture, textColumn } from "./helpers";

/** Column k of the rows from line `from` (1-based) on, read as the file has them. */
const rowsFrom = (text: string, from: number, k: number) => textColumn(text, k, from - 1);

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
    expect(text).toMatch(/^curve,q,I,dI,dQ,meanQ,ShadowFactor$/m); // units differ between the curves: they are in the curve lines
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
    ["negative dQ after positive ones", "0.1 2 1 0.01\n0.2 3 1 -0.01\n", /line 2: "0.2 3 1 -0.01" has negative dQ -0.01, where line 1 has a positive one/],
    [
      "a positive 4th column in slit-smeared data",
      "0.1 2 1 -0.1\n0.2 3 1 0.1\n",
      /line 2: .* has 4th column 0.1, where line 1's negative value marks slit-smeared data/,
    ],
    ["text after the data", "0.1 2\n0.2 3\nEND of data\n", /line 3: "END of data" is not a row of numbers/],
    ["a broken row inside headerless data", "0.1 2\n0.2 3\n0.3 x\n0.4 5\n0.5 6\n", /line 3: "0.3 x" is not a row of numbers/],
    [
      "a broken first row after an RKH header",
      fixture("ascii/isis-loq-rkh.txt").replace("0.00896    1.234560E+02", "0.00896    1.2345x0E+02"),
      /line 6: "0.00896 {4}1.2345x0E\+02 {4}2.100000E\+00" is not a row of numbers/,
    ],
    ["a broken row inside RKH data", fixture("ascii/isis-loq-rkh.txt").replace("1.180731E+02", "1.18o731E+02"), /line 7: .* is not a row of numbers/],
    ["a broken single row before the data", "0.1 2\n0.2 x\n0.3 4\n0.4 5\n", /line 2: "0.2 x" is not a row of numbers/],
    ["a unit after a label that is none we know", "q 1/furlong I cm-1\n0.1 2\n", /header\.q: unknown q unit "1\/furlong"/],
    ["a q unit that is no length", "q (1/s),I (1/cm)\n0.1,2\n", /header\.q: unknown q unit "1\/s"/],
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

describe("ASCII layouts with numeric header lines, slit resolution and extra columns", () => {
  it("ISIS LOQ RKH (SaveRKH): numeric header lines and the Fortran format line are header, the rows after are data", async () => {
    const text = fixture("ascii/isis-loq-rkh.txt");
    const parsed = await parseFile("ASCII", text, { qUnit: "1/A", intensityUnit: "1/cm" });
    const c = parsed.curves[0];
    expect(c.q).toHaveLength(8);
    expectSameBits(c.q, rowsFrom(text, 6, 0));
    expectSameBits(c.intensity, rowsFrom(text, 6, 1));
    expectSameBits(c.dI, rowsFrom(text, 6, 2));
    expect(c.dQ).toBeNull();
    expect(parsed.metadata.header).toEqual([
      "LOQ Thu 12-MAR-2024 10:15 Workspace: 74044_main_1D_2.2_10.0",
      "74044 silica 1% in D2O 1mm, main detector",
      "8    0    0    0    1    8    0",
      "0         0         0         0",
      "3 (F12.5,2E16.6)",
    ]);
    expect(parsed.metadata.layout).toBe("ISIS RKH (COLETTE, Mantid SaveRKH)");
    expect(c.title).toBe("LOQ Thu 12-MAR-2024 10:15 Workspace: 74044_main_1D_2.2_10.0");
  });

  it("SANS2D RKH with a dQ column as wide as the line of four zeros", async () => {
    const text = fixture("ascii/isis-sans2d-rkh-dq.txt");
    const c = (await parseFile("ASCII", text, { qUnit: "1/A", intensityUnit: "1/cm" })).curves[0];
    expect(c.q).toHaveLength(6);
    for (const [k, col] of [c.q, c.intensity, c.dI, c.dQ].entries()) expectSameBits(col, rowsFrom(text, 6, k));
  });

  it("NIST USANS: a negative 4th column is minus the slit length (dQl), columns 5-6 are kept by name", async () => {
    const text = fixture("ascii/nist-usans-slit.COR");
    const parsed = await parseFile("ASCII", text);
    const c = parsed.curves[0];
    expect(c.dQ).toBeNull();
    expectSameBits(
      c.dQl ?? null,
      rowsFrom(text, 7, 3).map((v) => -v),
    );
    expect(c.dQl?.[0]).toBe(0.117);
    expectSameBits(c.q, rowsFrom(text, 7, 0));
    expectSameBits(c.dI, rowsFrom(text, 7, 2));
    expect(Object.keys(c.columns ?? {})).toEqual(["meanQ", "ShadowFactor"]);
    expectSameBits(c.columns!.meanQ.values, rowsFrom(text, 7, 4));
    expectSameBits(c.columns!.ShadowFactor.values, rowsFrom(text, 7, 5));
    expect(c.columns!.meanQ.unit).toBe(""); // the header names no unit for it
    expect([c.qUnit, c.intensityUnit]).toEqual(["INV_ANGSTROM", "INV_CM"]);
    expect(parsed.metadata.layout).toBe("NIST USANS");
    expect(parsed.metadata.resolution).toMatch(/^slit/);
  });

  it("NIST SANS ABS: columns 5-6 (meanQ, ShadowFactor) are kept, the 4th is dQ", async () => {
    const text = fixture("nist-igor-reduced.ABS");
    const c = (await parseFile("ASCII", text)).curves[0];
    const first = text.split("\n").findIndex((l) => l.startsWith("The 6 columns")) + 2;
    expectSameBits(c.dQ, rowsFrom(text, first, 3));
    expectSameBits(c.columns!.ShadowFactor.values, rowsFrom(text, first, 5));
    expect(c.dQl ?? null).toBeNull();
  });

  it("header text stays text, as written, in the lines and in the named fields", async () => {
    const labels = "MON CNT   LAMBDA   DET ANG   DET DIST   TRANS   THICK   AVE   STEP";
    const text = `${labels}\n  79680   10.00   0.00   13.17   0.844   1.10C   AVE   1\nSample ID: 1.10  RUN: 00123\nq I\n0.1 2\n0.2 3\n`;
    const parsed = await parseFile("ASCII", text);
    expect(parsed.metadata.header).toEqual([labels, "79680   10.00   0.00   13.17   0.844   1.10C   AVE   1", "Sample ID: 1.10  RUN: 00123"]);
    expect(parsed.metadata.fields).toEqual({
      "MON CNT": "79680",
      LAMBDA: "10.00",
      "DET ANG": "0.00",
      "DET DIST": "13.17",
      TRANS: "0.844",
      THICK: "1.10C",
      AVE: "AVE",
      STEP: "1",
      "Sample ID": "1.10",
      RUN: "00123",
    });
  });

  it("NIST ABS and USANS header fields by name, values as text", async () => {
    const abs = await parseFile("ASCII", fixture("nist-igor-reduced.ABS"));
    expect(abs.metadata.fields).toMatchObject({
      FILE: "SANS_MAR24_017.SA3_VAX_V801",
      LABEL: "micelles 2 wt% in D2O 4m",
      "MON CNT": "1e+08",
      LAMBDA: "6",
      "DET DIST": "4",
      THICK: "0.1C",
      "BCENT(X)": "64.2",
      DET_TYP: "ORNL",
      "Average Choices": "AVTYPE=Circular;SAVE=Yes;NAME=Auto;PLOT=Yes;",
    });
    const usans = await parseFile("ASCII", fixture("ascii/nist-usans-slit.COR"));
    expect(usans.metadata.fields).toMatchObject({ "EMP LEVEL": "0.6994", "BKG LEVEL": "0.5", dQv: "0.117 (1/A)", "THICK(cm)": "0.2" });
  });
});

describe("units as files spell them", () => {
  const q = [0.001, 0.002];
  const cases: [string, string, string][] = [
    ["q (1/A),I (1/cm)", "INV_ANGSTROM", "INV_CM"],
    ["q (A^-1),I (cm^-1)", "INV_ANGSTROM", "INV_CM"],
    ["q (A-1),I (cm-1)", "INV_ANGSTROM", "INV_CM"],
    ["q (Å-1),I (m-1)", "INV_ANGSTROM", "INV_M"],
    ["q (1/Å),I (1/m)", "INV_ANGSTROM", "INV_M"],
    ["q (A^{-1}),I (a.u.)", "INV_ANGSTROM", "ARBITRARY"],
    ["q (invA),I (counts)", "INV_ANGSTROM", "COUNTS"],
    ["q (1/Angstrom),I (1/cm)", "INV_ANGSTROM", "INV_CM"],
    ["q (1/nm),I (1/cm)", "INV_NM", "INV_CM"],
    ["q (nm^-1),I (cm^-1)", "INV_NM", "INV_CM"],
    ["q (nm-1),I (cm-1)", "INV_NM", "INV_CM"],
    ["q (n_m^-1),I (1/cm)", "INV_NM", "INV_CM"],
    ["q Å-1  I(q) cm-1", "INV_ANGSTROM", "INV_CM"],
    ["# q 1/nm  I(q) a.u.  dI a.u.", "INV_NM", "ARBITRARY"],
    ["Q(A^-1) I(cm^-1)", "INV_ANGSTROM", "INV_CM"],
  ];
  it.each(cases)("%s", async (header, qUnit, intensityUnit) => {
    const sep = header.includes(",") ? "," : " ";
    const dI = header.includes("dI") ? `${sep}0.5` : "";
    const c = (await parseFile("ASCII", `${header}\n${q[0]}${sep}5${dI}\n${q[1]}${sep}4${dI}\n`)).curves[0];
    expect([c.qUnit, c.intensityUnit]).toEqual([qUnit, intensityUnit]);
    expectSameBits(c.q, q);
  });

  it("intensity in 1/nm is converted to 1/cm on the decimal text (x 1e7), and the import record says so", async () => {
    const parsed = await parseFile("ASCII", "q (1/nm)  I (1/nm)  dI (1/nm)\n0.1 0.1507e-7 3.3e-9\n0.2 0.7 0.1\n");
    const c = parsed.curves[0];
    expect(c.intensityUnit).toBe("INV_CM");
    expectSameBits(c.intensity, [0.1507, 7000000]);
    expectSameBits(c.dI, [0.033, 1000000]);
    expect(0.1507e-7 * 1e7).not.toBe(0.1507); // why the text is scaled, not the float
    expect(parsed.metadata.unitsConverted).toEqual({ intensity: "1/nm -> 1/cm (x 1e7, on the decimal text)" });
  });

  it("q in 1/cm or 1/m is converted to 1/A the same way; dQ follows q", async () => {
    const c = (await parseFile("ASCII", "q (1/cm),I (1/cm),dI (1/cm),dQ (1/cm)\n1.5e6,2,0.1,3e4\n2.5e6,1,0.1,3e4\n")).curves[0];
    expect(c.qUnit).toBe("INV_ANGSTROM");
    expectSameBits(c.q, [0.015, 0.025]);
    expectSameBits(c.dQ, [0.0003, 0.0003]);
    const m = (await parseFile("ASCII", "q m-1  I cm-1\n1e8 2\n3e8 1\n")).curves[0];
    expectSameBits(m.q, [0.01, 0.03]);
  });

  it("an unbracketed header with an unknown unit is refused, not stored as arbitrary", async () => {
    await expect(parseFile("ASCII", "q Å-1  I(q) 1/barn\n0.1 2\n")).rejects.toThrow(/header\.I: unknown intensity unit "1\/barn"/);
  });
});

describe("the q rule", () => {
  const text = fixture("ascii/merged-usaxs-saxs.dat");

  it("STRICT (the default) refuses a merged file naming the row", async () => {
    await expect(parseFile("ASCII", text)).rejects.toThrow(/curves\[0\]\.q: row 1 is 0: q must be positive/);
    await expect(parseFile("ASCII", text, { qRule: "STRICT" })).rejects.toThrow(FormatError);
  });

  it("LENIENT sorts by q, drops q <= 0, NaN rows and repeated q, and lists each dropped row and why", async () => {
    const parsed = await parseFile("ASCII", text, { qRule: "LENIENT" });
    const c = parsed.curves[0];
    expectSameBits(c.q, [0.0001, 0.0002, 0.0003, 0.004, 0.005, 0.006, 0.008]);
    expectSameBits(c.intensity, [41234.5, 20123.25, 12345.125, 402.75, 310.5, 250.0625, 180.5]);
    expectSameBits(c.dI, [412.3, 201.2, 123.4, 4.0, 3.1, 2.5, 1.8]);
    expect([c.qUnit, c.intensityUnit]).toEqual(["INV_ANGSTROM", "INV_CM"]);
    expect(parsed.metadata.qRule).toEqual({
      rule: "LENIENT",
      sorted: [0],
      dropped: [
        { curve: 0, row: "line 3", values: "0 0 0", reason: "q is 0: not positive" },
        { curve: 0, row: "line 6", values: "0.0004 nan 0", reason: "I is NaN" },
        { curve: 0, row: "line 10", values: "0.005 309.875 3.2", reason: "q repeats line 8" },
        { curve: 0, row: "line 12", values: "-0.007 1 1", reason: "q is -0.007: not positive" },
      ],
    });
  });

  it("LENIENT on a file that keeps the rule drops nothing and says so", async () => {
    const parsed = await parseFile("ASCII", "0.1 2\n0.2 3\n", { qRule: "LENIENT" });
    expect(parsed.metadata.qRule).toEqual({ rule: "LENIENT", sorted: [], dropped: [] });
  });

  it("LENIENT still refuses what is broken rather than out of order (a negative dI)", async () => {
    await expect(parseFile("ASCII", "0.2 2 -1\n0.1 3 1\n", { qRule: "LENIENT" })).rejects.toThrow(/curves\[0\]\.dI: row 2 is -1/);
  });
});

describe("the long CSV carries slit resolution and extra columns", () => {
  it("USANS (dQl, meanQ, ShadowFactor) next to a pinhole curve round-trips through CSV bit for bit", async () => {
    const usans = (await parseFile("ASCII", fixture("ascii/nist-usans-slit.COR"))).curves[0];
    const pinhole = (await parseFile("ASCII", fixture("sasview-save-as.txt"), { intensityUnit: "1/cm" })).curves[0];
    const withUnit = { ...usans, columns: { ...usans.columns!, meanQ: { ...usans.columns!.meanQ, unit: "1/A" } } };
    const text = (await exportDataset("CSV", exportOf({ title: "two", curves: [withUnit, pinhole], metadata: {} }))).body.toString("utf8");
    expect(text).toMatch(/^curve,q \(1\/A\),I \(1\/cm\),dI \(1\/cm\),dQ \(1\/A\),dQl \(1\/A\),meanQ,ShadowFactor$/m);
    const back = (await parseFile("ASCII", text)).curves;
    expectSameCurves(back, [withUnit, pinhole]);
    expectSameBits(back[0].dQl ?? null, usans.dQl ?? null);
    expect(back[1].dQl ?? null).toBeNull();
    expect(Object.keys(back[0].columns ?? {})).toEqual(["meanQ", "ShadowFactor"]);
    expectSameBits(back[0].columns!.meanQ.values, usans.columns!.meanQ.values);
    expect([back[0].columns!.meanQ.unit, back[0].columns!.ShadowFactor.unit]).toEqual(["1/A", ""]);
    expect(back[1].columns).toBeUndefined();
  });
});
