import { exportDataset, parseFile } from "../../src/formats";
import { FormatError } from "../../src/formats/curve";
import { writeHdf5, type H5Group } from "../../src/formats/hdf5-memory-file";
import { exportOf, expectSameBits, expectSameCurves, fixture } from "./helpers";

const Q = [0.0031234567890123, 0.0052, 0.009, 0.015, 0.0251];
const I = [2345.678901234568, 1204.5, 301.125, 45.0625, 0.1 + 0.2];
const DI = [12.3456789, 8.25, 2.5, 0.75, 0.1];
const DQ = [0.000456, 0.00047, 0.000512, 0.000601, 0.00072];

function text(group: H5Group, name: string, value: string, attrs: Record<string, string> = {}) {
  const ds = group.create_dataset({ name, data: [value] });
  for (const [k, v] of Object.entries(attrs)) ds.create_attribute(k, v);
}

/** The layout SasView's NXcanSAS writer produces (strings as 1-element arrays, float32 metadata, Q_indicies). */
function sasviewLayout(file: H5Group) {
  const entry = file.create_group("sasentry01");
  text(entry, "definition", "NXcanSAS");
  text(entry, "run", "4471", { name: "main" });
  text(entry, "title", "Silica spheres in D2O");
  entry.create_attribute("canSAS_class", "SASentry");
  entry.create_attribute("version", "1.0");
  const data = entry.create_group("sasdata01");
  data.create_attribute("canSAS_class", "SASdata");
  data.create_attribute("signal", "I");
  data.create_attribute("I_axes", "Q");
  data.create_attribute("I_uncertainties", "Idev");
  data.create_attribute("Q_indicies", new Int32Array([0]), []);
  data.create_dataset({ name: "Q", data: Float64Array.from(Q) }).create_attribute("units", "1/A");
  data.create_dataset({ name: "I", data: Float64Array.from(I) }).create_attribute("units", "1/cm");
  data.create_dataset({ name: "Idev", data: Float64Array.from(DI) }).create_attribute("units", "1/cm");
  const sample = entry.create_group("sassample");
  sample.create_attribute("canSAS_class", "SASsample");
  text(sample, "ID", "SiO2-A-0042");
  sample.create_dataset({ name: "thickness", data: new Float32Array([1.03]) }).create_attribute("units", "mm");
  sample.create_dataset({ name: "temperature", data: new Float32Array([25]) }).create_attribute("units", "C");
  const instrument = entry.create_group("sasinstrument");
  instrument.create_attribute("canSAS_class", "SASinstrument");
  text(instrument, "name", "SANS-2D");
  const source = instrument.create_group("sassource");
  source.create_attribute("canSAS_class", "SASsource");
  text(source, "radiation", "neutron");
  source.create_dataset({ name: "incident_wavelength", data: new Float32Array([6]) }).create_attribute("units", "A");
  const detector = instrument.create_group("sasdetector01");
  detector.create_attribute("canSAS_class", "SASdetector");
  text(detector, "name", "front");
  detector.create_dataset({ name: "SDD", data: new Float32Array([4.15]) }).create_attribute("units", "m");
  const note = entry.create_group("sasnote01");
  note.create_attribute("canSAS_class", "SASnote");
}

/** Mantid's SaveNXcanSAS: NX_class on every group, I@uncertainties, Q@resolutions, two entries. */
function mantidLayout(file: H5Group) {
  for (const [e, unit] of [
    [1, "1/A"],
    [2, "1/nm"],
  ] as const) {
    const entry = file.create_group(`sasentry0${e}`);
    entry.create_attribute("NX_class", "NXentry");
    entry.create_attribute("canSAS_class", "SASentry");
    entry.create_attribute("version", "1.1");
    entry.create_dataset({ name: "definition", data: "NXcanSAS" });
    entry.create_dataset({ name: "title", data: `LOQ workspace ${e}` });
    entry.create_dataset({ name: "run", data: `7404${e}` });
    const data = entry.create_group("sasdata");
    data.create_attribute("NX_class", "NXdata");
    data.create_attribute("canSAS_class", "SASdata");
    data.create_attribute("signal", "I");
    data.create_attribute("I_axes", "Q");
    data.create_attribute("Q_indices", new Int32Array([0]), []);
    const q = data.create_dataset({ name: "Q", data: Float64Array.from(Q) });
    q.create_attribute("units", unit);
    q.create_attribute("resolutions", "Qdev");
    const i = data.create_dataset({ name: "I", data: Float64Array.from(I.map((x) => x * e)) });
    i.create_attribute("units", "1/cm");
    i.create_attribute("uncertainties", "Idev");
    data.create_dataset({ name: "Idev", data: Float64Array.from(DI) }).create_attribute("units", "1/cm");
    data.create_dataset({ name: "Qdev", data: Float64Array.from(DQ) }).create_attribute("units", unit);
    const process = entry.create_group("sasprocess");
    process.create_attribute("NX_class", "NXprocess");
    process.create_attribute("canSAS_class", "SASprocess");
    process.create_dataset({ name: "name", data: "Mantid_generated_NXcanSAS" });
    process.create_dataset({ name: "term_svn", data: "6.9.1" });
  }
}

describe("NXcanSAS import", () => {
  it("reads SasView's layout with every value and the metadata units", async () => {
    const bytes = await writeHdf5(sasviewLayout);
    const parsed = await parseFile("NXCANSAS", Buffer.from(bytes).toString("base64"));
    const c = parsed.curves[0];
    expectSameBits(c.q, Q);
    expectSameBits(c.intensity, I);
    expectSameBits(c.dI, DI);
    expect(c.dQ).toBeNull();
    expect([c.qUnit, c.intensityUnit]).toEqual(["INV_ANGSTROM", "INV_CM"]);
    const e = (parsed.metadata.entries as Record<string, any>[])[0];
    expect(e.title).toBe("Silica spheres in D2O");
    expect(e.run).toEqual({ value: "4471", "@name": "main" }); // text stays text
    // float32 in the file: the float64 we hold is that float32, exactly
    expect(e.sample.thickness).toEqual({ value: Math.fround(1.03), unit: "mm" });
    expect(e.sample.name).toBe("SiO2-A-0042"); // SasView's `ID`, under the definition's name
    expect(e.instrument.SASsource.incident_wavelength).toEqual({ value: 6, unit: "A" });
    expect(e.instrument.SASdetector[0].SDD).toEqual({ value: Math.fround(4.15), unit: "m" });
  });

  it("reads Mantid's layout: two entries, Q@resolutions and I@uncertainties", async () => {
    const parsed = await parseFile("NXCANSAS", await writeHdf5(mantidLayout));
    expect(parsed.curves).toHaveLength(2);
    expectSameBits(
      parsed.curves[1].intensity,
      I.map((x) => x * 2),
    );
    expectSameBits(parsed.curves[0].dQ, DQ);
    expect(parsed.curves[1].qUnit).toBe("INV_NM");
    expect(parsed.curves.map((c) => c.parameters)).toEqual([
      { entry: 0, sasdata: "sasdata" },
      { entry: 1, sasdata: "sasdata" },
    ]);
    expect((parsed.metadata.entries as Record<string, any>[])[1].process).toEqual([{ name: "Mantid_generated_NXcanSAS", term_svn: "6.9.1" }]);
  });

  it("round trips: NXcanSAS export -> import gives the same curves and metadata", async () => {
    const first = await parseFile("NXCANSAS", await writeHdf5(sasviewLayout));
    const out = await exportDataset("NXCANSAS", exportOf(first));
    expect(out.extension).toBe("h5");
    const second = await parseFile("NXCANSAS", out.body);
    expectSameCurves(second.curves, first.curves);
    const { process, ...rest } = (second.metadata.entries as Record<string, any>[])[0];
    const { process: _none, ...before } = (first.metadata.entries as Record<string, any>[])[0];
    expect(rest).toEqual(before);
    expect(process).toHaveLength(1);
    expect(process[0].name).toBe("sasgraph provenance");
    expect(JSON.parse(process[0].SASprocessnote[0].data)).toEqual(exportOf(first).provenance);
  });

  it("writes the attributes NXcanSAS requires, and canSAS XML converts to NXcanSAS and back intact", async () => {
    const xml = await parseFile("CANSAS_XML", fixture("sasview-cansas1d-v1_1.xml"));
    const h5 = await exportDataset("NXCANSAS", exportOf(xml));
    const fromH5 = await parseFile("NXCANSAS", h5.body);
    expectSameCurves(fromH5.curves, xml.curves);
    const e = (fromH5.metadata.entries as Record<string, any>[])[0];
    expect(e.sample.thickness).toEqual({ value: 1, unit: "mm" });
    // the definition puts apertures in SASinstrument; each says which collimation it belonged to
    expect(e.instrument.aperture.map((a: Record<string, unknown>) => [a["@name"], a["@collimation"], a.x_gap])).toEqual([
      ["source", "sascollimation01", { value: 20, unit: "mm" }],
      ["sample", "sascollimation01", { value: 4, unit: "mm" }],
    ]);
    expect(e.instrument.SASsource.incident_wavelength).toEqual({ value: 6, unit: "A" });
    const backToXml = await parseFile("CANSAS_XML", (await exportDataset("CANSAS_XML", exportOf(fromH5))).body.toString());
    expectSameCurves(backToXml.curves, xml.curves);

    const { readHdf5 } = await import("../../src/formats/hdf5-memory-file");
    const attrs = await readHdf5(h5.body, (file) => {
      const entry = file.get("sasentry01") as H5Group;
      const data = entry.get(String(entry.attrs.default.value)) as H5Group; // the source's group name
      const read = (node: H5Group, name: string) => node.attrs[name]?.value;
      return {
        entry: [read(entry, "NX_class"), read(entry, "canSAS_class")],
        data: [read(data, "NX_class"), read(data, "canSAS_class"), read(data, "signal"), read(data, "I_axes"), Number(read(data, "Q_indices"))],
        qUnits: (data.get("Q") as H5Group).attrs.units.value,
        qType: (data.get("Q") as unknown as { dtype: string }).dtype,
        sample: [read(entry.get("sassample") as H5Group, "NX_class"), read(entry.get("sassample") as H5Group, "canSAS_class")],
      };
    });
    expect(attrs).toEqual({
      entry: ["NXentry", "SASentry"],
      data: ["NXdata", "SASdata", "I", "Q", 0],
      qUnits: "1/angstrom",
      qType: "<d",
      sample: ["NXsample", "SASsample"],
    });
  });
});

describe("NXcanSAS rejects", () => {
  it("bytes that are not HDF5", async () => {
    const attempt = parseFile("NXCANSAS", Buffer.from("not an hdf5 file at all").toString("base64"));
    await expect(attempt).rejects.toBeInstanceOf(FormatError);
    await expect(attempt).rejects.toThrow(/not an HDF5 file/);
  });

  it("HDF5 without an NXcanSAS entry", async () => {
    const bytes = await writeHdf5((f) => void f.create_group("entry").create_dataset({ name: "x", data: new Float64Array([1]) }));
    await expect(parseFile("NXCANSAS", bytes)).rejects.toThrow(/no NXcanSAS entry/);
  });

  it("bad values and units, naming the field", async () => {
    // point the signal at the NaN column by rewriting the group attribute
    const nanFile = await writeHdf5((f) => {
      sasviewLayout(f);
      const data = (f.get("sasentry01") as H5Group).get("sasdata01") as H5Group;
      data.delete_attribute("signal");
      data.create_attribute("signal", "I2");
      data.create_dataset({ name: "I2", data: new Float64Array([1, NaN, 3, 4, 5]) }).create_attribute("units", "1/cm");
    });
    await expect(parseFile("NXCANSAS", nanFile)).rejects.toThrow(/curves\[0\]\.intensity: row 2 is NaN/);
    const badUnit = await writeHdf5((f) => {
      sasviewLayout(f);
      const q = ((f.get("sasentry01") as H5Group).get("sasdata01") as H5Group).get("Q") as H5Group;
      q.delete_attribute("units");
      q.create_attribute("units", "barn");
    });
    await expect(parseFile("NXCANSAS", badUnit)).rejects.toThrow(/sasentry01\.sasdata01\.Q@units: unknown q unit "barn"/);
    const twoD = await writeHdf5((f) => {
      sasviewLayout(f);
      const data = (f.get("sasentry01") as H5Group).get("sasdata01") as H5Group;
      data.delete_attribute("I_axes");
      data.create_attribute("I_axes", "Q,Q");
    });
    await expect(parseFile("NXCANSAS", twoD)).rejects.toThrow(/only 1D data/);
    await expect(parseFile("NXCANSAS", await writeHdf5(sasviewLayout), { maxPoints: 3 })).rejects.toThrow(/more than the limit of 3/);
  });
});
