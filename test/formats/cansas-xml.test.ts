import { parseFile, exportDataset } from "../../src/formats";
import { FormatError } from "../../src/formats/curve";
import { exportOf, expectSameBits, expectSameCurves, fixture, xmlColumn } from "./helpers";

describe("canSAS 1D XML import", () => {
  const xml = fixture("sasview-cansas1d-v1_1.xml");

  it("reads every SASdata of every SASentry with every value intact", async () => {
    const parsed = await parseFile("CANSAS_XML", xml);
    expect(parsed.curves).toHaveLength(3);
    const [entry1, entry2] = xml.split("</SASentry>");
    const [low, high] = entry2.split("</SASdata>");
    expectSameBits(parsed.curves[0].q, xmlColumn(xml, "Q", entry1));
    expectSameBits(parsed.curves[0].intensity, xmlColumn(xml, "I", entry1));
    expectSameBits(parsed.curves[0].dI, xmlColumn(xml, "Idev", entry1));
    expectSameBits(parsed.curves[0].dQ, xmlColumn(xml, "Qdev", entry1));
    expect(parsed.curves[0].q[0]).toBe(0.0031234567890123);
    expect(parsed.curves[0].intensity[5]).toBe(0.12345678901234568);
    expectSameBits(parsed.curves[1].q, xmlColumn(xml, "Q", low));
    expectSameBits(parsed.curves[1].dI, xmlColumn(xml, "Idev", low));
    expect(parsed.curves[1].dQ).toBeNull();
    expectSameBits(parsed.curves[2].intensity, xmlColumn(xml, "I", high));
    expect(parsed.curves[2].dI).toBeNull();
  });

  it("parses units per SASdata", async () => {
    const parsed = await parseFile("CANSAS_XML", xml);
    expect(parsed.curves.map((c) => [c.qUnit, c.intensityUnit])).toEqual([
      ["INV_ANGSTROM", "INV_CM"],
      ["INV_NM", "INV_CM"],
      ["INV_NM", "INV_CM"],
    ]);
    const mantid = await parseFile("CANSAS_XML", fixture("mantid-cansas1d-v1_0.xml"));
    expect(mantid.curves[0].intensityUnit).toBe("COUNTS");
    expect(mantid.metadata.version).toBe("1.0");
  });

  it("keeps metadata with units exactly as written", async () => {
    const parsed = await parseFile("CANSAS_XML", xml);
    expect(parsed.title).toBe("Silica spheres in D2O, 25 C");
    const entries = parsed.metadata.entries as Record<string, any>[];
    expect(entries).toHaveLength(2);
    const e = entries[0];
    expect(e.name).toBe("silica_run4471");
    expect(e.run).toEqual([{ value: "4471", "@name": "main" }]);
    expect(e.sample.ID).toBe("SiO2-A-0042");
    expect(e.sample["@name"]).toBe("silica-A");
    expect(e.sample.thickness).toEqual({ value: 1.0, unit: "mm" });
    expect(e.sample.temperature).toEqual({ value: 25, unit: "C" });
    expect(e.sample.transmission).toBe(0.8812);
    expect(e.sample.position).toEqual({ x: { value: 10.5, unit: "mm" }, y: { value: -2, unit: "mm" } });
    expect(e.instrument.name).toBe("SANS-2D test bench");
    expect(e.instrument.SASsource.radiation).toBe("neutron");
    expect(e.instrument.SASsource.wavelength).toEqual({ value: 6, unit: "A" });
    expect(e.instrument.SAScollimation[0].aperture[1]).toEqual({
      "@name": "sample",
      "@type": "radius",
      size: { x: { value: 4, unit: "mm" } },
      distance: { value: 50, unit: "mm" },
    });
    expect(e.instrument.SASdetector[0].SDD).toEqual({ value: 4.15, unit: "m" });
    expect(e.process[0].term).toEqual([
      // termType is text in the schema: kept as written
      { value: "5.0", unit: "mm", "@name": "radial_step" },
      { value: "1.0325", "@name": "scale_factor" },
    ]);
    expect(e.process[0].SASprocessnote).toEqual(["mask file: mask_front_2024.xml"]);
    expect(e.notes).toEqual(["Entered by hand for sasgraph tests; layout follows the canSAS 1D v1.1 schema."]);
    expect(parsed.curves.map((c) => c.parameters)).toEqual([
      { entry: 0, sasdata: "circular_average" },
      { entry: 1, sasdata: "low_q" },
      { entry: 1, sasdata: "high_q" },
    ]);
  });

  it("round trips: import -> CANSAS_XML export -> import gives the same curves and metadata", async () => {
    const first = await parseFile("CANSAS_XML", xml);
    const exported = await exportDataset("CANSAS_XML", exportOf(first));
    expect(exported.contentType).toBe("application/xml");
    const text = exported.body.toString("utf8");
    expect(text).toContain('xmlns="urn:cansas1d:1.1"');
    const second = await parseFile("CANSAS_XML", text);
    expectSameCurves(second.curves, first.curves);
    const a = first.metadata.entries as Record<string, any>[];
    const b = second.metadata.entries as Record<string, any>[];
    expect(b).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      const { process: pa, ...restA } = a[i];
      const { process: pb, ...restB } = b[i];
      expect(restB).toEqual(restA);
      // the export adds one provenance process; the source's processes are kept as they were
      expect(pb.slice(0, -1)).toEqual(pa ?? []);
      expect(pb[pb.length - 1].name).toBe("sasgraph provenance");
      expect(JSON.parse(pb[pb.length - 1].SASprocessnote[0])).toEqual(exportOf(first).provenance);
    }
    // exporting the re-import does not pile up provenance processes
    const third = await parseFile("CANSAS_XML", (await exportDataset("CANSAS_XML", exportOf(second))).body.toString());
    expect((third.metadata.entries as Record<string, any>[])[0].process).toHaveLength(2);
  });
});

describe("canSAS 1D XML rejects", () => {
  const good = fixture("sasview-cansas1d-v1_1.xml");
  const cases: [string, string, RegExp][] = [
    ["XML that is not canSAS", "<?xml version='1.0'?><html><body/></html>", /not <SASroot>/],
    ["a foreign namespace", '<SASroot xmlns="urn:other"><SASentry/></SASroot>', /namespace/],
    ["malformed XML", '<SASroot xmlns="urn:cansas1d:1.1"><SASentry></SASroot>', /malformed/],
    ["an entry without data", '<SASroot xmlns="urn:cansas1d:1.1"><SASentry><Title>x</Title></SASentry></SASroot>', /SASentry\[0\]: no SASdata/],
    ["a non-numeric value", good.replace(">1204.5<", ">12o4.5<"), /SASentry\[0\]\.SASdata\[0\]\.Idata\[1\]\.I: "12o4.5" is not a number \(row 2\)/],
    ["NaN", good.replace(">1204.5<", ">NaN<"), /curves\[0\]\.intensity: row 2 is NaN/],
    ["infinity", good.replace(">1204.5<", ">INF<"), /curves\[0\]\.intensity: row 2 is infinite/],
    ["non-increasing q", good.replace(">0.0052<", ">0.0031234567890123<"), /curves\[0\]\.q: row 2 .* q must increase/],
    ["non-positive q", good.replace(">0.0031234567890123<", ">0<"), /curves\[0\]\.q: row 1 is 0: q must be positive/],
    ["negative dI", good.replace(">8.25<", ">-8.25<"), /curves\[0\]\.dI: row 2 is -8.25/],
    ["negative dQ", good.replace(">0.00047<", ">-0.00047<"), /curves\[0\]\.dQ: row 2/],
    ["an unknown q unit", good.replace(/unit="1\/A"/g, 'unit="furlong"'), /SASentry\[0\]\.SASdata\[0\]\.Q@unit: unknown q unit "furlong"/],
    ["mixed units in one column", good.replace('<Q unit="1/A">0.0052', '<Q unit="1/nm">0.0052'), /Idata\[1\]\.Q: unit "1\/nm" differs from row 1/],
    ["a missing I", good.replace('<I unit="1/cm">1204.5</I>', ""), /Idata\[1\]\.I: missing \(row 2\)/],
    ["Idev on some rows only", good.replace('<Idev unit="1/cm">8.25</Idev>', ""), /Idev/],
  ];
  it.each(cases)("%s", async (_label, content, message) => {
    const attempt = parseFile("CANSAS_XML", content);
    await expect(attempt).rejects.toBeInstanceOf(FormatError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("more points or curves than the limits", async () => {
    await expect(parseFile("CANSAS_XML", good, { maxPoints: 5 })).rejects.toThrow(/more than the limit of 5/);
    await expect(parseFile("CANSAS_XML", good, { maxCurves: 2 })).rejects.toThrow(/more than 2 curves \(limit\)/);
  });
});
