/**
 * NXcanSAS files as Mantid, Irena/Nika and SasView lay them out (fixtures written by
 * fixtures/nxcansas/make-fixtures.py, which says where each layout comes from), and our exports
 * checked against the NXcanSAS definition (../support/nxcansas-definition.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exportDataset, parseFile } from "../../src/formats";
import type { CurveRecord, DatasetExport, ParsedFile } from "../../src/formats/curve";
import { readHdf5, writeHdf5, type H5Dataset, type H5Group } from "../../src/formats/hdf5-memory-file";
import { nxcansasViolations } from "../support/nxcansas-definition";
import { exportOf, expectSameBits, expectSameCurves, fixture } from "./helpers";

// The values make-fixtures.py writes (the same float64 arithmetic in both languages).
const Q = [0.0031234567890123, 0.0052, 0.009, 0.015, 0.0251, 0.04];
const I = [2345.678901234568, 1204.5, 301.125, 45.0625, 0.1 + 0.2, 0.0123];
const DI = [12.3456789, 8.25, 2.5, 0.75, 0.1, 0.004];
const DQ = [0.000456, 0.00047, 0.000512, 0.000601, 0.00072, 0.0009];
const LAMBDA = [1.75, 2.25, 2.75, 3.25, 3.75, 4.25, 4.75];
const T = [0.912, 0.905, 0.897, 0.889, 0.881, 0.873, 0.8649999999999999];
const TDEV = [0.004, 0.004, 0.0035, 0.0035, 0.003, 0.003, 0.0031];

function h5(name: string): Uint8Array {
  return readFileSync(join(__dirname, "fixtures", "nxcansas", `${name}.h5`));
}

function entries(parsed: ParsedFile): Record<string, any>[] {
  return parsed.metadata.entries as Record<string, any>[];
}

/** Entry metadata without the process list (our export adds its provenance process). */
function withoutProcess(e: Record<string, any>): Record<string, any> {
  const { process: _p, ...rest } = e;
  return rest;
}

function expectSameResolution(actual: CurveRecord[], expected: CurveRecord[]): void {
  expected.forEach((e, k) => {
    expectSameBits(actual[k].dQl ?? null, e.dQl ?? null);
    expectSameBits(actual[k].dQw ?? null, e.dQw ?? null);
    expect(Object.keys(actual[k].columns ?? {})).toEqual(Object.keys(e.columns ?? {}));
    for (const [name, column] of Object.entries(e.columns ?? {})) {
      expectSameBits(actual[k].columns?.[name].values ?? null, column.values);
      expect(actual[k].columns?.[name].unit).toBe(column.unit);
    }
  });
}

async function roundTrip(first: ParsedFile): Promise<{ second: ParsedFile; body: Buffer }> {
  const out = await exportDataset("NXCANSAS", exportOf(first));
  expect(await nxcansasViolations(out.body)).toEqual([]);
  return { second: await parseFile("NXCANSAS", out.body), body: out.body };
}

describe("NXcanSAS from Mantid with transmission spectra", () => {
  it("imports the data (not the spectra) as curves, and keeps the spectra as data of the entry", async () => {
    const parsed = await parseFile("NXCANSAS", h5("mantid-transmission"));
    expect(parsed.curves).toHaveLength(1);
    const c = parsed.curves[0];
    expectSameBits(c.q, Q);
    expectSameBits(c.intensity, I);
    expectSameBits(c.dI, DI);
    expectSameBits(c.dQ, DQ);
    expect(c.dQl ?? null).toBeNull();
    const e = entries(parsed)[0];
    expect(e.run).toBe("49338");
    expect(e.process[0]).toEqual({
      name: "Mantid_generated_NXcanSAS",
      date: "2024-02-11T10:31:05",
      term_svn: "6.9.1",
      user_file: "USER_SANS2D_241A_2p4mm.toml",
      can_scatter: "49337",
    });
    const spectra = e.SAStransmission_spectrum as Record<string, any>[];
    expect(spectra.map((s) => s["@name"]).sort()).toEqual(["can", "sample"]);
    const sample = spectra.find((s) => s["@name"] === "sample") as Record<string, any>;
    expect(sample.lambda).toEqual({ value: LAMBDA, unit: "A" });
    expect(sample.T).toEqual({ value: T, unit: "none" });
    expect(sample.Tdev).toEqual({ value: TDEV, unit: "none" });
    expect(sample["@timestamp"]).toBe("2024-02-11T10:31:05");
    const can = spectra.find((s) => s["@name"] === "can") as Record<string, any>;
    expect(can.T.value).toEqual(T.map((t) => t * 1.02));
  });

  it("exports the spectra as SAStransmission_spectrum groups and reads them back the same", async () => {
    const first = await parseFile("NXCANSAS", h5("mantid-transmission"));
    const { second, body } = await roundTrip(first);
    expectSameCurves(second.curves, first.curves);
    expect(withoutProcess(entries(second)[0])).toEqual(withoutProcess(entries(first)[0]));
    expect(entries(second)[0].process[0]).toEqual(entries(first)[0].process[0]);
    const layout = await readHdf5(body, (file) => {
      const entry = file.get("sasentry01") as H5Group;
      return entry.keys().flatMap((k) => {
        const g = entry.get(k) as H5Group;
        if (g.attrs.canSAS_class?.value !== "SAStransmission_spectrum") return [];
        const t = g.get("T") as H5Dataset;
        return [[g.attrs.NX_class.value, g.attrs.signal.value, g.attrs.T_axes.value, g.attrs.name.value, t.dtype, t.attrs.uncertainties.value]];
      });
    });
    expect(layout).toEqual([
      ["NXdata", "T", "T", "can", "<d", "Tdev"],
      ["NXdata", "T", "T", "sample", "<d", "Tdev"],
    ]);
  });
});

describe("NXcanSAS from Irena/Indra (USAXS, slit-smeared)", () => {
  it('reads Q@resolutions="dQw,dQl" as slit width and length, extra columns with units, and the wave notes as text', async () => {
    const parsed = await parseFile("NXCANSAS", h5("irena-usaxs-slit"));
    const c = parsed.curves[0];
    expect(c.dQ).toBeNull();
    expectSameBits(c.dQw ?? null, DQ);
    expectSameBits(c.dQl ?? null, Array(6).fill(0.027));
    expect(Object.keys(c.columns ?? {})).toEqual(["Qmean", "ShadowFactor"]);
    expectSameBits(
      c.columns?.Qmean.values ?? null,
      Q.map((q) => q * 1.001),
    );
    expect(c.columns?.Qmean.unit).toBe("1/angstrom");
    // float32 in the file: widened exactly
    expectSameBits(c.columns?.ShadowFactor.values ?? null, [1, 1, Math.fround(0.99), 1, 1, 1]);
    expect(c.columns?.ShadowFactor.unit).toBe("");
    const e = entries(parsed)[0];
    expect(e.run).toBe("00042");
    expect(e.sample.name).toBe("1.10");
    const group = e.dataGroups.sasdata01;
    expect(group.sample_thickness_note).toBe("10.00");
    expect(group.waveNote).toMatchObject({
      Thickness: "1.00",
      SampleTransmission: "0.8312",
      Wavelength: "0.5904",
      SlitLength: "0.02700",
      Kfactor: "79680",
      SampleID: "1.10",
      Comment: "USAXS + flyscan, merged",
      Normalization: "1.0e+00",
    });
    expect(group["@IGORWaveNote"]).toMatch(/^Wname=S12_Silica_R;/);
    expect(group.attributes.I.IGORWaveNote).toBe("Wname=SMR_Int;Units=cm2/cm3;Normalization=1.0e+00;");
  });

  it("round trips slit resolution, columns and notes", async () => {
    const first = await parseFile("NXCANSAS", h5("irena-usaxs-slit"));
    const { second, body } = await roundTrip(first);
    expectSameCurves(second.curves, first.curves);
    expectSameResolution(second.curves, first.curves);
    expect(withoutProcess(entries(second)[0])).toEqual(withoutProcess(entries(first)[0]));
    const resolutions = await readHdf5(body, (file) => ((file.get("sasentry01/sasdata01") as H5Group).get("Q") as H5Dataset).attrs.resolutions.value);
    expect(resolutions).toEqual(["dQw", "dQl"]);
  });

  it("writes a slit length without a width as slit resolution (width filled, marked) and reads it back without the width", async () => {
    const first = await parseFile("NXCANSAS", h5("irena-usaxs-slit"));
    const lengthOnly = { ...first, curves: first.curves.map((c) => ({ ...c, dQw: null })) };
    const { second } = await roundTrip(lengthOnly);
    expect(second.curves[0].dQw ?? null).toBeNull();
    expectSameBits(second.curves[0].dQl ?? null, Array(6).fill(0.027));
    expect(second.curves[0].dQ).toBeNull();
  });
});

describe("NXcanSAS with parts that are not 1D", () => {
  it("imports the 1D data of a mixed 1D+2D file and says what was not imported", async () => {
    const parsed = await parseFile("NXCANSAS", h5("mixed-1d-2d"));
    expect(parsed.curves).toHaveLength(1);
    expectSameBits(parsed.curves[0].intensity, I);
    expect(parsed.metadata.notImported).toEqual([
      { path: "sasentry01.sasdata02", reason: expect.stringMatching(/^2D data \(I of shape \[3, 4\] over Qy, Qx\)/) },
    ]);
  });

  it("imports I[frames, points] over one Q as one curve per frame", async () => {
    const parsed = await parseFile("NXCANSAS", h5("multiframe"));
    expect(parsed.curves).toHaveLength(3);
    parsed.curves.forEach((c, f) => {
      expectSameBits(c.q, Q);
      expectSameBits(
        c.intensity,
        I.map((x) => x * (f + 1)),
      );
      expectSameBits(c.dI, DI);
      expectSameBits(c.dQ, DQ);
      expect(c.qUnit).toBe("INV_NM");
      expect(c.parameters).toEqual({ entry: 0, sasdata: "sasdata01", frame: f });
      expect(c.title).toBe(`Gelation, 3 frames [frame ${f + 1}]`);
    });
    expect(entries(parsed)[0].dataGroups.sasdata01.Time).toEqual({ value: [0, 60, 120], unit: "s" });
    expect(parsed.metadata.notImported).toBeUndefined();
  });

  it("exports the frames one SASdata each (SasView's loader misreads shared frames) and reads them back as the frames of their group", async () => {
    const first = await parseFile("NXCANSAS", h5("multiframe"));
    const { second, body } = await roundTrip(first);
    expectSameCurves(second.curves, first.curves);
    expect(second.curves.map((c) => [c.parameters, c.title])).toEqual(first.curves.map((c) => [c.parameters, c.title]));
    expect(withoutProcess(entries(second)[0])).toEqual(withoutProcess(entries(first)[0]));
    const groups = await readHdf5(body, (file) => (file.get("sasentry01") as H5Group).keys().filter((k) => k.startsWith("sasdata")));
    expect(groups).toEqual(["sasdata01_frame01", "sasdata01_frame02", "sasdata01_frame03"]);
  });

  it("refuses a file with 2D data only, saying why", async () => {
    const bytes = await writeHdf5((f) => {
      const e = f.create_group("sasentry01");
      e.create_attribute("canSAS_class", "SASentry");
      const d = e.create_group("sasdata01");
      d.create_attribute("canSAS_class", "SASdata");
      d.create_attribute("signal", "I");
      d.create_attribute("I_axes", ["Q", "Q"]);
      d.create_dataset({ name: "I", data: new Float64Array(6), shape: [2, 3] });
      d.create_dataset({ name: "Qx", data: new Float64Array(6), shape: [2, 3] });
    });
    await expect(parseFile("NXCANSAS", bytes)).rejects.toThrow(/no 1D curve that can be imported \(sasentry01\.sasdata01: 2D data/);
  });
});

function exportWith(metadata: Record<string, unknown>, curve: Partial<CurveRecord> = {}): DatasetExport {
  const parsed: ParsedFile = {
    title: "hand-made",
    curves: [
      {
        q: Float64Array.from(Q),
        intensity: Float64Array.from(I),
        dI: Float64Array.from(DI),
        dQ: null,
        qUnit: "INV_ANGSTROM",
        intensityUnit: "INV_CM",
        parameters: { entry: 0 },
        ...curve,
      },
    ],
    metadata: { entries: [metadata] },
  };
  return exportOf(parsed);
}

describe("NXCANSAS export follows the definition", () => {
  it("names canSAS XML metadata as the definition does, with no JSON text and no empty group as a string", async () => {
    const xml = await parseFile("CANSAS_XML", fixture("sasview-cansas1d-v1_1.xml"));
    const out = await exportDataset("NXCANSAS", exportOf(xml));
    expect(await nxcansasViolations(out.body)).toEqual([]);
    const back = entries(await parseFile("NXCANSAS", out.body))[0];
    expect(back.sample.name).toBeDefined();
    expect(back.sample.ID).toBeUndefined();
    expect(back.instrument.SASsource.wavelength).toBeUndefined();
  });

  it("writes transmission spectra given as canSAS XML rows, process terms as datasets, several runs as one run list, an empty collimation as a group", async () => {
    const data = exportWith({
      title: "from XML",
      run: [
        { value: "101", "@name": "sample" },
        { value: "102", "@name": "can" },
      ],
      sample: {
        ID: "S-1.10",
        position: { x: { value: 1.5, unit: "mm" }, y: { value: -2, unit: "mm" } },
        orientation: { roll: { value: 0.5, unit: "degree" } },
      },
      instrument: {
        name: "X",
        SASsource: { radiation: "neutron", wavelength: { value: 6, unit: "A" } },
        SAScollimation: [""],
        SASdetector: [{ name: "d", offset: { x: { value: 3, unit: "mm" } } }],
      },
      process: [{ name: "reduction", term: [{ value: "0.5", unit: "mm", "@name": "mask_radius" }, { value: "flat" }] }],
      SAStransmission_spectrum: [
        {
          "@name": "sample",
          Tdata: LAMBDA.map((l, i) => ({ Lambda: { value: l, unit: "A" }, T: { value: T[i] }, Tdev: { value: TDEV[i] } })),
        },
        { "@name": "can", Tdata: LAMBDA.map((l, i) => ({ Lambda: { value: l, unit: "A" }, T: { value: T[i] } })) },
      ],
    });
    const out = await exportDataset("NXCANSAS", data);
    expect(await nxcansasViolations(out.body)).toEqual([]);
    const e = entries(await parseFile("NXCANSAS", out.body))[0];
    expect(e.run).toEqual({ value: ["101", "102"], "@name": ["sample", "can"] });
    expect(e.sample).toEqual({
      name: "S-1.10",
      x_position: { value: 1.5, unit: "mm" },
      y_position: { value: -2, unit: "mm" },
      roll: { value: 0.5, unit: "degree" },
    });
    expect(e.instrument.SASsource).toEqual({ radiation: "neutron", incident_wavelength: { value: 6, unit: "A" } });
    expect(e.instrument.SAScollimation).toEqual([{}]);
    expect(e.instrument.SASdetector[0].x_position).toEqual({ value: 3, unit: "mm" });
    expect(e.process[0]).toEqual({ name: "reduction", mask_radius: { value: "0.5", unit: "mm" }, term02: "flat" });
    const [sample, can] = e.SAStransmission_spectrum as Record<string, any>[];
    expect(sample).toEqual({ "@name": "sample", lambda: { value: LAMBDA, unit: "A" }, T: { value: T }, Tdev: { value: TDEV } });
    // no Tdev in the source: none read back (the file carries NaN, marked, for SasView's loader)
    expect(can).toEqual({ "@name": "can", lambda: { value: LAMBDA, unit: "A" }, T: { value: T } });
  });
});

describe("NXcanSAS resolution spellings", () => {
  function layout(qAttrs: Record<string, string | string[]>, extra: Record<string, number[]>) {
    return writeHdf5((f) => {
      const e = f.create_group("sasentry01");
      e.create_attribute("canSAS_class", "SASentry");
      const d = e.create_group("sasdata01");
      d.create_attribute("canSAS_class", "SASdata");
      d.create_attribute("signal", "I");
      d.create_attribute("I_axes", "Q");
      const q = d.create_dataset({ name: "Q", data: Float64Array.from(Q) });
      q.create_attribute("units", "1/A");
      for (const [k, v] of Object.entries(qAttrs)) q.create_attribute(k, v);
      d.create_dataset({ name: "I", data: Float64Array.from(I) }).create_attribute("units", "1/cm");
      for (const [k, v] of Object.entries(extra)) d.create_dataset({ name: k, data: Float64Array.from(v) }).create_attribute("units", "1/A");
    });
  }

  it("Mantid's newer Q@uncertainties=Qdev (no @resolutions) is the pinhole resolution, as SasView reads it", async () => {
    const parsed = await parseFile("NXCANSAS", await layout({ uncertainties: "Qdev" }, { Qdev: DQ }));
    expectSameBits(parsed.curves[0].dQ, DQ);
    expect(parsed.curves[0].columns).toBeUndefined();
  });

  it("SasView's resolutions list [dQl, dQw] is read by name, not by position", async () => {
    const dql = Q.map(() => 0.05);
    const parsed = await parseFile("NXCANSAS", await layout({ resolutions: ["dQl", "dQw"] }, { dQl: dql, dQw: DQ }));
    expectSameBits(parsed.curves[0].dQl ?? null, dql);
    expectSameBits(parsed.curves[0].dQw ?? null, DQ);
    expect(parsed.curves[0].dQ).toBeNull();
  });

  it("refuses a negative slit length, naming the dataset and row", async () => {
    const bad = Q.map((_q, i) => (i === 2 ? -0.05 : 0.05));
    await expect(parseFile("NXCANSAS", await layout({ resolutions: "dQw,dQl" }, { dQl: bad, dQw: DQ }))).rejects.toThrow(
      /sasentry01\.sasdata01\.dQl: row 3 is -0\.05/,
    );
  });
});

describe("NXcanSAS entries and exports of every layout", () => {
  it("finds a SASentry placed inside a NeXus NXentry (the definition allows either)", async () => {
    const bytes = await writeHdf5((f) => {
      const outer = f.create_group("entry");
      outer.create_attribute("NX_class", "NXentry");
      const e = outer.create_group("sasentry01");
      e.create_attribute("canSAS_class", "SASentry");
      e.create_dataset({ name: "title", data: "nested" });
      const d = e.create_group("sasdata01");
      d.create_attribute("canSAS_class", "SASdata");
      d.create_attribute("signal", "I");
      d.create_dataset({ name: "Q", data: Float64Array.from(Q) }).create_attribute("units", "1/nm");
      d.create_dataset({ name: "I", data: Float64Array.from(I) }).create_attribute("units", "1/m");
    });
    const parsed = await parseFile("NXCANSAS", bytes);
    expect(entries(parsed)[0]).toMatchObject({ name: "entry/sasentry01", title: "nested" });
    expect([parsed.curves[0].qUnit, parsed.curves[0].intensityUnit]).toEqual(["INV_NM", "INV_M"]);
  });

  it.each(["mantid-transmission", "irena-usaxs-slit", "mixed-1d-2d", "multiframe"])(
    "%s: the export conforms to the definition and reads back with the same curves",
    async (name) => {
      const first = await parseFile("NXCANSAS", h5(name));
      const { second } = await roundTrip(first);
      expectSameCurves(second.curves, first.curves);
      expectSameResolution(second.curves, first.curves);
    },
  );
});
