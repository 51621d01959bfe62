/**
 * SasView's own loader (sasdata) reads our NXCANSAS exports: values, units, resolution (pinhole
 * and slit), wavelength, sample and transmission spectra intact. Runs test/support/sasview-load.py
 * with /usr/bin/python3 when it has sasdata and h5py; otherwise the suite is skipped and says so
 * (CI has no sasdata).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportDataset, parseFile } from "../../src/formats";
import type { ParsedFile } from "../../src/formats/curve";
import { exportOf, fixture } from "./helpers";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(__dirname, "..", "support", "sasview-load.py");
const probe = spawnSync(PYTHON, ["-c", "import sasdata.dataloader.loader, h5py"], { encoding: "utf8" });
const available = probe.status === 0;
const suite = available ? describe : describe.skip;
if (!available) {
  console.warn(
    `nxcansas-sasview: SKIPPED: ${PYTHON} with sasdata and h5py is not available (${(probe.stderr || String(probe.error ?? "")).trim().split("\n").pop()})`,
  );
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sasgraph-sasview-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function sasviewReads(parsed: ParsedFile, name: string): Promise<any[]> {
  const out = await exportDataset("NXCANSAS", exportOf(parsed));
  const path = join(dir, `${name}.h5`);
  writeFileSync(path, out.body);
  const printed = JSON.parse(execFileSync(PYTHON, [SCRIPT, path], { encoding: "utf8", timeout: 120_000 })) as { datasets?: any[]; error?: string };
  expect(printed.error).toBeUndefined();
  return printed.datasets ?? [];
}

function h5(name: string): Uint8Array {
  return readFileSync(join(__dirname, "fixtures", "nxcansas", `${name}.h5`));
}

suite(`SasView's loader (sasdata) reads our NXCANSAS exports${available ? "" : " (skipped: no /usr/bin/python3 with sasdata)"}`, () => {
  it("a dataset with transmission spectra: values, units, pinhole resolution, sample, detector and both spectra", async () => {
    const parsed = await parseFile("NXCANSAS", h5("mantid-transmission"));
    const [d, ...more] = await sasviewReads(parsed, "mantid");
    expect(more).toEqual([]);
    expect(d.errors).toEqual([]);
    const c = parsed.curves[0];
    // JSON numbers from python's repr are the shortest round-trip texts: equality here is bit equality
    expect([d.x, d.y, d.dy, d.dx]).toEqual([Array.from(c.q), Array.from(c.intensity), Array.from(c.dI ?? []), Array.from(c.dQ ?? [])]);
    expect([d.dxl, d.dxw]).toEqual([null, null]);
    expect([d.x_unit, d.y_unit]).toEqual(["A^{-1}", "cm^{-1}"]);
    expect(d.title).toBe("SANS2D 49338 rear");
    expect(d.run).toEqual(["49338"]);
    expect(d.sample.thickness).toBe(1);
    expect(d.detectors).toEqual([{ name: "rear-detector", distance: 12, distance_unit: "m" }]);
    const spectra = (parsed.metadata.entries as any[])[0].SAStransmission_spectrum as any[];
    expect(d.trans_spectrum).toEqual(
      spectra.map((s) => ({ name: "", wavelength: s.lambda.value, transmission: s.T.value, transmission_deviation: s.Tdev.value })),
    );
  });

  it("slit-smeared data: slit length and width as SasView's dxl and dxw, no pinhole dx", async () => {
    const parsed = await parseFile("NXCANSAS", h5("irena-usaxs-slit"));
    const [d] = await sasviewReads(parsed, "irena");
    const c = parsed.curves[0];
    expect(d.dx).toBeNull();
    expect(d.dxl).toEqual(Array.from(c.dQl ?? []));
    expect(d.dxw).toEqual(Array.from(c.dQw ?? []));
    expect(d.sample.name).toBe("1.10");
    expect(d.run).toEqual(["00042"]);
  });

  it("transmission spectra from canSAS XML rows, one without Tdev (written as NaN, marked), and a slit length without width", async () => {
    const lambda = [2, 3, 4, 5, 6];
    const t = [0.91, 0.9, 0.89, 0.88, 0.8700000000000001];
    const q = [0.001, 0.002, 0.004, 0.008, 0.016];
    const parsed: ParsedFile = {
      title: "USANS with spectra",
      curves: [
        {
          q: Float64Array.from(q),
          intensity: Float64Array.from([9, 7, 5, 3, 1]),
          dI: null,
          dQ: null,
          dQl: Float64Array.from(q.map(() => 0.0117)),
          dQw: null,
          qUnit: "INV_ANGSTROM",
          intensityUnit: "INV_CM",
          parameters: { entry: 0 },
        },
      ],
      metadata: {
        entries: [
          {
            title: "USANS with spectra",
            run: "12",
            SAStransmission_spectrum: [
              { "@name": "sample", Tdata: lambda.map((l, i) => ({ Lambda: { value: l, unit: "A" }, T: { value: t[i] }, Tdev: { value: 0.01 } })) },
              { "@name": "can", Tdata: lambda.map((l, i) => ({ Lambda: { value: l, unit: "A" }, T: { value: t[i] } })) },
            ],
          },
        ],
      },
    };
    const [d] = await sasviewReads(parsed, "spectra");
    expect(d.errors.filter((e: string) => e !== "Fewer than 5 data points found.")).toEqual([]);
    expect(d.trans_spectrum).toEqual([
      { name: "", wavelength: lambda, transmission: t, transmission_deviation: lambda.map(() => 0.01) },
      { name: "", wavelength: lambda, transmission: t, transmission_deviation: lambda.map(() => null) },
    ]);
    expect(d.dx).toBeNull();
    expect(d.dxl).toEqual(q.map(() => 0.0117));
    expect(d.dxw).toEqual(q.map(() => 0));
  });

  it("multi-frame data: every frame with its own values", async () => {
    const parsed = await parseFile("NXCANSAS", h5("multiframe"));
    const read = await sasviewReads(parsed, "frames");
    expect(read.map((d) => d.y)).toEqual(parsed.curves.map((c) => Array.from(c.intensity)));
  });

  it("canSAS XML metadata exported to NXcanSAS: wavelength, sample, several entries and curves", async () => {
    const parsed = await parseFile("CANSAS_XML", fixture("sasview-cansas1d-v1_1.xml"));
    const read = await sasviewReads(parsed, "from-xml");
    expect(read).toHaveLength(parsed.curves.length);
    read.forEach((d, k) => {
      const c = parsed.curves[k];
      if (c.qUnit === "INV_ANGSTROM") expect(d.x).toEqual(Array.from(c.q));
      else {
        // SasView converts q to 1/Å on loading; the file says 1/nm
        expect(c.qUnit).toBe("INV_NM");
        d.x.forEach((x: number, i: number) => expect(x).toBeCloseTo(c.q[i] / 10, 15));
      }
      expect(d.x_unit).toBe("A^{-1}");
      expect(d.y).toEqual(Array.from(c.intensity));
      // SasView flags curves under 5 points (the fixture's second entry has 3 and 2); nothing else
      expect(d.errors.filter((e: string) => e !== "Fewer than 5 data points found.")).toEqual([]);
    });
    const first = (parsed.metadata.entries as any[])[0];
    expect(read[0].source.wavelength).toBe(first.instrument.SASsource.wavelength.value);
    expect(read[0].source.wavelength_unit).toBe(first.instrument.SASsource.wavelength.unit);
    expect(read[0].sample.name).toBe(first.sample.ID ?? first.sample.name);
  });
});
