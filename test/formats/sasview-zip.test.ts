/**
 * The SASVIEW_ZIP download: one text file per curve in a ZIP. Each file reads back through our
 * ASCII reader bit for bit, and through SasView's own loader (sasdata) with the right values when
 * /usr/bin/python3 has sasdata (test/support/sasview-read.py); otherwise that test is skipped, by name.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { exportDataset, parseFile } from "../../src/formats";
import type { CurveRecord } from "../../src/formats/curve";
import { scaleFloat } from "../../src/formats/numbers";
import { exportOf, expectSameBits, fixture } from "./helpers";

const points = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

/** Curves of every kind the writer handles differently. */
async function curves(): Promise<CurveRecord[]> {
  const usans = (await parseFile("ASCII", fixture("ascii/nist-usans-slit.COR"))).curves[0];
  const q = points(6, (i) => 0.001 * (i + 1) * (1 + 1e-13));
  return [
    {
      title: "pinhole, 1/A and 1/cm",
      q,
      intensity: q.map((x) => 1 / (1 + x * 1e4)),
      dI: q.map((x) => x / 3),
      dQ: q.map((x) => x / 20),
      qUnit: "INV_ANGSTROM",
      intensityUnit: "INV_CM",
      parameters: { T: { value: 25, unit: "C" } },
    },
    {
      title: "in 1/nm and 1/m",
      q: q.map((x) => x * 10),
      intensity: q.map((x) => 0.1507 + x),
      dI: q.map(() => 0.0177),
      dQ: null,
      qUnit: "INV_NM",
      intensityUnit: "INV_M",
    },
    { title: "no uncertainties, arbitrary", q, intensity: q.map((x) => 3 - x), dI: null, dQ: null, qUnit: "INV_ANGSTROM", intensityUnit: "ARBITRARY" },
    { title: "dQ without dI", q, intensity: q.map((x) => 2 + x), dI: null, dQ: q.map((x) => x / 10), qUnit: "INV_ANGSTROM", intensityUnit: "INV_CM" },
    { ...usans, title: "USANS slit-smeared" },
  ];
}

async function zipOf(list: CurveRecord[]): Promise<Record<string, string>> {
  const out = await exportDataset("SASVIEW_ZIP" as never, exportOf({ title: "zip test", curves: list, metadata: {} }));
  expect(out).toMatchObject({ contentType: "application/zip", extension: "zip" });
  return Object.fromEntries(Object.entries(unzipSync(new Uint8Array(out.body))).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

describe("SASVIEW_ZIP export", () => {
  it("one file per curve, named by index and title; slit-smeared curves as NIST .ABS", async () => {
    const files = await zipOf(await curves());
    expect(Object.keys(files)).toEqual([
      "001-pinhole_1_A_and_1_cm.txt",
      "002-in_1_nm_and_1_m.txt",
      "003-no_uncertainties_arbitrary.txt",
      "004-dQ_without_dI.txt",
      "005-USANS_slit-smeared.ABS",
    ]);
    expect(files["001-pinhole_1_A_and_1_cm.txt"]).toMatch(/^q \(1\/A\) {2}I \(1\/cm\) {2}dI \(1\/cm\) {2}dQ \(1\/A\)$/m);
    expect(files["001-pinhole_1_A_and_1_cm.txt"]).toMatch(/^# parameters: \{"T":\{"value":25,"unit":"C"\}\}$/m);
    expect(files["002-in_1_nm_and_1_m.txt"]).toMatch(/^# q in 1\/A, I in 1\/cm \(q stored in 1\/nm, converted; I stored in 1\/m, converted\)$/m);
    expect(files["003-no_uncertainties_arbitrary.txt"]).toMatch(/SasView assumes 1\/A and 1\/cm: these units are not those/);
    expect(files["005-USANS_slit-smeared.ABS"]).toMatch(/^The 6 columns are \| Q \(1\/A\) \|/m);
  });

  it("each file reads back through our ASCII reader with the same values (converted units: the decimal shifted)", async () => {
    const sent = await curves();
    const files = Object.values(await zipOf(sent));
    for (const [k, text] of files.entries()) {
      const c = sent[k];
      const back = (await parseFile("ASCII", text)).curves[0];
      const qPower = c.qUnit === "INV_NM" ? -1 : 0;
      const iPower = c.intensityUnit === "INV_M" ? -2 : 0;
      expectSameBits(
        back.q,
        c.q.map((x) => scaleFloat(x, qPower)),
      );
      expectSameBits(
        back.intensity,
        c.intensity.map((x) => scaleFloat(x, iPower)),
      );
      expectSameBits(back.dI, c.dI ? c.dI.map((x) => scaleFloat(x, iPower)) : c.dQ ? c.q.map(() => 0) : null);
      expectSameBits(back.dQ, c.dQ);
      expectSameBits(back.dQl ?? null, c.dQl ?? null);
      if (c.columns) expectSameBits(back.columns!.meanQ.values, c.columns.meanQ.values);
      expect(back.qUnit).toBe(c.qUnit === "INV_NM" ? "INV_ANGSTROM" : c.qUnit);
      expect(back.intensityUnit).toBe(c.intensityUnit === "INV_M" ? "INV_CM" : c.intensityUnit);
    }
  });

  it("the same dataset gives the same bytes", async () => {
    const list = await curves();
    const data = exportOf({ title: "zip test", curves: list, metadata: {} });
    const [a, b] = [await exportDataset("SASVIEW_ZIP" as never, data), await exportDataset("SASVIEW_ZIP" as never, data)];
    expect(a.body.equals(b.body)).toBe(true);
  });

  const python = "/usr/bin/python3";
  const haveSasdata = fs.existsSync(python) && spawnSync(python, ["-c", "import sasdata.dataloader.loader"]).status === 0;
  const withSasview = haveSasdata ? it : it.skip;
  withSasview(`SasView's loader reads every file with the right values${haveSasdata ? "" : " (skipped: no /usr/bin/python3 with sasdata)"}`, async () => {
    const sent = await curves();
    const files = await zipOf(sent);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasview-zip-"));
    try {
      const paths = Object.entries(files).map(([name, text]) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      });
      const script = path.join(__dirname, "..", "support", "sasview-read.py");
      const read = JSON.parse(execFileSync(python, [script, ...paths], { encoding: "utf8" })) as Record<string, Record<string, unknown>>;
      paths.forEach((p, k) => {
        const c = sent[k];
        const got = read[p] as {
          error?: string;
          x: number[];
          y: number[];
          dy: number[];
          dx: number[] | null;
          dxl: number[] | null;
          count: number;
          loader: string;
        };
        expect(got.error).toBeUndefined();
        expect(got.count).toBe(1);
        const qPower = c.qUnit === "INV_NM" ? -1 : 0;
        const iPower = c.intensityUnit === "INV_M" ? -2 : 0;
        const slit = c.dQl ?? null;
        // SasView's ABS reader takes meanQ (column 5) as its x; here meanQ is the curve's own.
        expectSameBits(got.x, slit ? c.columns!.meanQ.values : c.q.map((x) => scaleFloat(x, qPower)));
        expectSameBits(
          got.y,
          c.intensity.map((x) => scaleFloat(x, iPower)),
        );
        expectSameBits(got.dy, c.dI ? c.dI.map((x) => scaleFloat(x, iPower)) : c.q.map(() => 0));
        if (slit) {
          expect(got.loader).toBe("IGOR 1D");
          expectSameBits(got.dxl, slit);
        } else {
          expect(got.loader).toBe("ASCII");
          expectSameBits(got.dx, c.dQ ?? c.q.map(() => 0));
        }
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
