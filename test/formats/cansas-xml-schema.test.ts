/**
 * canSAS 1D XML as other programs write it (SasView, NIST Igor), slit resolution, extra per-point
 * columns, text metadata; every CANSAS_XML export validates against the canSAS 1.1 XSD (libxml2 via
 * xmllint-wasm), and round trips give the same values (bit for bit), units, resolution and metadata.
 */
import { exportDataset, parseFile } from "../../src/formats";
import { FormatError, type CurveRecord, type DatasetExport, type ParsedFile } from "../../src/formats/curve";
import { cansasFixture, expectSameCurvesFully } from "./cansas-helpers";
import { schemaErrors } from "./cansas-xsd";
import { expectSameBits, exportOf, fixture, xmlColumn } from "./helpers";

type Meta = Record<string, any>;

/** Keys in reverse order at every level, as jsonb may hand them back in an order of its own. */
function reordered<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reordered) as T;
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reordered(v)]),
  ) as T;
}

const entriesOf = (parsed: ParsedFile) => parsed.metadata.entries as Meta[];

/** Entry metadata without the provenance process the export adds. */
function withoutProvenance(entry: Meta): Meta {
  const { process, ...rest } = entry;
  const kept = (process ?? []).filter((p: Meta) => p.name !== "sasgraph provenance");
  return kept.length > 0 ? { ...rest, process: kept } : rest;
}

async function exportXml(data: DatasetExport): Promise<string> {
  return (await exportDataset("CANSAS_XML", data)).body.toString("utf8");
}

const FIXTURES: [string, () => string][] = [
  ["SasView canSAS 1.1 (two entries, three curves)", () => fixture("sasview-cansas1d-v1_1.xml")],
  ["Mantid SaveCanSAS1D v1.0", () => fixture("mantid-cansas1d-v1_0.xml")],
  ["SasView slit-smeared", () => cansasFixture("sasview-slit-smeared.xml")],
  ["SasView with a transmission spectrum", () => cansasFixture("sasview-transmission.xml")],
  ["NIST Igor with Qmean and Shadowfactor", () => cansasFixture("nist-igor-qmean-shadowfactor.xml")],
];

describe("canSAS 1D XML as SasView and NIST write it", () => {
  it("SasView's layout (xmlns:xsi before the default namespace) with slit resolution dQl/dQw", async () => {
    const xml = cansasFixture("sasview-slit-smeared.xml");
    expect(xml.indexOf("xmlns:xsi")).toBeLessThan(xml.indexOf('xmlns="urn:cansas1d:1.1"'));
    const parsed = await parseFile("CANSAS_XML", xml);
    const [curve] = parsed.curves;
    expectSameBits(curve.q, xmlColumn(xml, "Q"));
    expectSameBits(curve.dI, xmlColumn(xml, "Idev"));
    expectSameBits(curve.dQl ?? null, xmlColumn(xml, "dQl"));
    expectSameBits(curve.dQw ?? null, xmlColumn(xml, "dQw"));
    expect(curve.dQ).toBeNull();
    expect(curve.columns).toBeUndefined();
    expect(curve.q[1]).toBe(1.2345678901234567e-4);
  });

  it("keeps text as text: title, run, sample ID, notes that look like numbers", async () => {
    const slit = await parseFile("CANSAS_XML", cansasFixture("sasview-slit-smeared.xml"));
    const e = entriesOf(slit)[0];
    expect(slit.title).toBe("10.00");
    expect(e.run).toEqual([{ value: "79680", "@name": "USANS" }]);
    expect(e.sample.ID).toBe("1.10");
    expect(e.notes).toEqual(["00123"]);
    expect(e.sample.thickness).toEqual({ value: 2, unit: "mm" });
    expect(e.instrument.SASdetector[0].slit_length).toEqual({ value: 0.117, unit: "1/A" });
    const nist = entriesOf(await parseFile("CANSAS_XML", cansasFixture("nist-igor-qmean-shadowfactor.xml")))[0];
    expect(nist.run).toEqual(["079680"]);
    expect(nist.sample.ID).toBe("79680");
    expect(nist.sample.transmission).toBe(0.912);
    expect(nist.instrument.SASsource.wavelength).toEqual({ value: 6, unit: "A" });
    expect(nist.process[0].term).toEqual([
      { value: "10.00", "@name": "attenuator" },
      { value: "1.10e8", unit: "counts", "@name": "monitor counts" },
    ]);
    expect(nist.process[0].SASprocessnote).toEqual(["79680"]);
    expect(nist.notes).toEqual(["1.10"]);
  });

  it("keeps Qmean, Shadowfactor and other per-point elements as named columns with their units", async () => {
    const xml = cansasFixture("nist-igor-qmean-shadowfactor.xml");
    const [curve] = (await parseFile("CANSAS_XML", xml)).curves;
    expect(Object.keys(curve.columns ?? {})).toEqual(["Qmean", "Shadowfactor"]);
    expect(curve.columns?.Qmean.unit).toBe("1/A");
    expectSameBits(curve.columns?.Qmean.values ?? null, xmlColumn(xml, "Qmean"));
    expect(curve.columns?.Shadowfactor.unit).toBe("");
    expectSameBits(curve.columns?.Shadowfactor.values ?? null, [0.25, 0.875, 1]);
    expectSameBits(curve.dQ, xmlColumn(xml, "Qdev"));
    const foreign = xml
      .replace("<SASroot ", '<SASroot xmlns:ext="urn:example:ext" ')
      .replace(/<\/Shadowfactor>/g, '</Shadowfactor><ext:counts unit="counts">7</ext:counts>');
    const [withForeign] = (await parseFile("CANSAS_XML", foreign)).curves;
    expect(withForeign.columns?.["ext:counts"]).toEqual({ values: new Float64Array([7, 7, 7]), unit: "counts" });
  });

  it("keeps a transmission spectrum as columns of the entry", async () => {
    const xml = cansasFixture("sasview-transmission.xml");
    const e = entriesOf(await parseFile("CANSAS_XML", xml))[0];
    expect(e.SAStransmission_spectrum).toEqual([
      {
        "@name": "sample transmission",
        Lambda: { values: xmlColumn(xml, "Lambda"), unit: "A" },
        T: { values: xmlColumn(xml, "T"), unit: "" },
        Tdev: { values: xmlColumn(xml, "Tdev"), unit: "" },
      },
    ]);
    expect(e.sample.ID).toBe("79680");
    expect(e.run).toEqual(["1.10"]);
  });

  it("a curve has one kind of resolution: Qdev next to dQl/dQw is kept as a column", async () => {
    const xml = cansasFixture("sasview-slit-smeared.xml").replace(/<dQw /g, '<Qdev unit="1/A">0.001</Qdev><dQw ');
    const [curve] = (await parseFile("CANSAS_XML", xml)).curves;
    expect(curve.dQ).toBeNull();
    expect(curve.dQl).not.toBeNull();
    expect(curve.columns?.Qdev.unit).toBe("1/A");
    expectSameBits(curve.columns?.Qdev.values ?? null, [0.001, 0.001, 0.001, 0.001, 0.001]);
  });

  it("namespace: taken from the parser, declarations in any order and quotes; prefixed documents too", async () => {
    const body = "<SASentry><Title>t</Title><Run/><SASdata><Idata><Q unit='1/A'>0.1</Q><I unit='1/cm'>2</I></Idata></SASdata></SASentry>";
    const ok = [
      `<SASroot xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns='urn:cansas1d:1.1' version='1.1'>${body}</SASroot>`,
      `<SASroot xmlns="cansas1d/1.0" version="1.0">${body}</SASroot>`,
      `<c:SASroot xmlns:c="urn:cansas1d:1.1" version="1.1">${body.replace(/<(\/?)(SASentry|Title|Run|SASdata|Idata|Q|I)\b/g, "<$1c:$2")}</c:SASroot>`,
    ];
    for (const doc of ok) expect((await parseFile("CANSAS_XML", doc)).curves[0].intensity[0]).toBe(2);
    const refused = [
      `<SASroot xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns='urn:cansas1d:9.9'>${body}</SASroot>`,
      `<SASroot xmlns:c="urn:cansas1d:1.1" xmlns='urn:other'>${body}</SASroot>`,
      `<c:SASroot xmlns="urn:cansas1d:1.1" xmlns:c="urn:other">${body}</c:SASroot>`,
    ];
    for (const doc of refused) {
      const attempt = parseFile("CANSAS_XML", doc);
      await expect(attempt).rejects.toBeInstanceOf(FormatError);
      await expect(attempt).rejects.toThrow(/SASroot: namespace "urn:(cansas1d:9\.9|other)" is not canSAS 1D/);
    }
  });

  it("refuses an extra column present in some rows only, or not a number, naming the row", async () => {
    const xml = cansasFixture("nist-igor-qmean-shadowfactor.xml");
    await expect(parseFile("CANSAS_XML", xml.replace("<Shadowfactor>0.875</Shadowfactor>", ""))).rejects.toThrow(
      /SASentry\[0\]\.SASdata\[0\]\.Idata\[1\]\.Shadowfactor: present in some rows only \(missing in row 2\)/,
    );
    await expect(parseFile("CANSAS_XML", xml.replace("<Shadowfactor>0.875<", "<Shadowfactor>high<"))).rejects.toThrow(
      /Idata\[1\]\.Shadowfactor: "high" is not a number \(row 2\)/,
    );
    await expect(parseFile("CANSAS_XML", cansasFixture("sasview-slit-smeared.xml").replace('<dQl unit="1/A">0.117', '<dQl unit="1/cm">0.117'))).rejects.toThrow(
      /Idata\[1\]\.dQl: unit "1\/A" differs from row 1 \("1\/cm"\)/,
    );
  });
});

/** Curves as they come from ASCII, NXcanSAS or addCurves: no canSAS entry behind them. */
function bareCurves(): CurveRecord[] {
  return [
    {
      q: new Float64Array([0.01, 0.02, 0.030000000000000002]),
      intensity: new Float64Array([10.1, 5.05, 1.0000000000000002]),
      dI: new Float64Array([0.1, 0.05, 0.01]),
      dQ: new Float64Array([0.001, 0.001, 0.0015]),
      qUnit: "INV_ANGSTROM",
      intensityUnit: "INV_CM",
    },
    {
      title: "USANS",
      q: new Float64Array([1e-5, 3e-5]),
      intensity: new Float64Array([2e6, 1.5e5]),
      dI: null,
      dQ: null,
      dQl: new Float64Array([0.117, 0.117]),
      dQw: null,
      columns: { "I(q) fit": { values: new Float64Array([1.9e6, NaN]), unit: "1/cm" }, Shadowfactor: { values: new Float64Array([1, 0.5]), unit: "" } },
      qUnit: "INV_NM",
      intensityUnit: "ARBITRARY",
      parameters: { temperature: 25 },
    },
    {
      q: new Float64Array([0.5]),
      intensity: new Float64Array([-3]),
      dI: null,
      dQ: new Float64Array([0.01]),
      dQl: new Float64Array([0.2]),
      dQw: new Float64Array([0.003]),
      columns: { Qmean: { values: new Float64Array([0.49]), unit: "" } },
      qUnit: "REDUCED",
      intensityUnit: "COUNTS",
    },
  ];
}

function bareDataset(metadata: Meta = {}): DatasetExport {
  const data = exportOf({ curves: bareCurves(), metadata: {} }, { title: 'Hand-made & <odd> "title"' });
  data.dataset.metadata = metadata;
  return data;
}

/** One curve under one imported entry whose metadata is `entry`. */
function entryDataset(entry: Meta): DatasetExport {
  const data = bareDataset({ entries: [entry] });
  data.curves = [{ ...data.curves[0], parameters: { entry: 0, sasdata: "main" } }];
  return data;
}

/** Metadata that does not fit the schema everywhere it can go wrong. */
const AWKWARD: Meta = {
  name: "entry-1",
  title: { value: "a title with attributes", "@lang": "en" },
  run: [4471, { value: "4472", "@name": "second" }],
  sample: {
    name: "sample name (NXcanSAS spelling)",
    thickness: 1, // no unit: floatUnitType needs one
    temperature: { value: "room", unit: "C" },
    position: { x: { value: 1.5, unit: "mm" }, w: 3 },
    details: ["first", "second"],
    composition: { SiO2: 0.5 },
    "@name": "s",
    "@colour": "blue",
  },
  instrument: {
    SASsource: { incident_wavelength: { value: 6, unit: "A" }, radiation: "neutron", flux: 1e12 },
    SASdetector: { name: "only one, not a list", SDD: { value: 4, unit: "m" } },
    "nx:extra": true,
  },
  process: [
    {
      name: "reduction",
      term: [{ value: 1.5, unit: "mm", "@name": "step" }],
      date: new Date(0).toISOString(),
      description: { value: "d", "@xmlns": "urn:x", "@ok": "yes" },
    },
    "a process that is a string",
  ],
  notes: ["line one\nline two", { nested: "note" }],
  SAStransmission_spectrum: [{ "@name": "bad", Lambda: { values: [1, 2], unit: "A" }, T: { values: [0.5], unit: "" } }],
  "wavelength note": "  padded text  ",
  control: "bell\u0007",
  empty: {},
  list: [1, "two", null],
};

/** A transmission spectrum as an NXcanSAS reader may keep it: NXcanSAS names, datasets as {value: [...]}. */
const NX_SPECTRUM: Meta = {
  title: "from NXcanSAS",
  SAStransmission_spectrum: [
    { "@signal": "T", "@T_axes": "lambda", lambda: { value: [2, 4, 6.5], unit: "A" }, T: { value: [0.7, 0.68, 0.61] }, Tdev: [0.01, 0.01, 0.02] },
  ],
};

describe("CANSAS_XML export validates against the canSAS 1.1 XSD", () => {
  const cases: [string, () => Promise<DatasetExport>][] = [
    ...FIXTURES.map(([label, content]): [string, () => Promise<DatasetExport>] => [
      `import of ${label}`,
      async () => exportOf(await parseFile("CANSAS_XML", content())),
    ]),
    ...FIXTURES.map(([label, content]): [string, () => Promise<DatasetExport>] => [
      `import of ${label}, metadata keys in another order (jsonb)`,
      async () => exportOf(reordered(await parseFile("CANSAS_XML", content()))),
    ]),
    ["curves without metadata (ASCII, addCurves): pinhole, slit, both, extra columns, NaN", async () => bareDataset()],
    [
      "hand metadata in canSAS shape",
      async () => bareDataset({ title: "t", run: "12", sample: { ID: "s1", thickness: { value: 1, unit: "mm" } }, notes: "n" }),
    ],
    ["hand metadata that fits nowhere", async () => bareDataset(AWKWARD)],
    ["imported entry metadata that fits nowhere", async () => entryDataset(AWKWARD)],
    ["a transmission spectrum in NXcanSAS terms", async () => entryDataset(NX_SPECTRUM)],
    [
      "several files: canSAS entries and curves of no entry",
      async () => {
        const parsed = await parseFile("CANSAS_XML", fixture("sasview-cansas1d-v1_1.xml"));
        const data = exportOf(parsed);
        data.curves = [...data.curves, ...bareCurves()];
        return data;
      },
    ],
  ];
  it.each(cases)("%s", async (_label, make) => {
    const xml = await exportXml(await make());
    expect(await schemaErrors(xml)).toEqual([]);
  });

  it("the validator does refuse what breaks the schema (so a pass means something)", async () => {
    const xml = await exportXml(bareDataset());
    expect(await schemaErrors(xml.replace(/<SASsample>[\s\S]*?<\/SASsample>/, ""))).not.toEqual([]);
    const swapped = xml.replace(/(<SASsample>[\s\S]*?<\/SASsample>)(\s*)(<SASinstrument>[\s\S]*?<\/SASinstrument>)/, "$3$2$1");
    expect(swapped).not.toBe(xml);
    expect((await schemaErrors(swapped)).join("\n")).toMatch(/SASsample/);
  });

  it("writes SASentry children in schema order, SAStransmission_spectrum after SASdata, whatever the key order", async () => {
    const parsed = reordered(await parseFile("CANSAS_XML", cansasFixture("sasview-transmission.xml")));
    const xml = await exportXml(exportOf(parsed));
    const order = [...xml.matchAll(/^ {4}<(\/?[\w:]+)/gm)].map((m) => m[1]).filter((t) => !t.startsWith("/"));
    expect(order).toEqual(["Title", "Run", "SASdata", "SAStransmission_spectrum", "SASsample", "SASinstrument", "SASprocess", "SASnote"]);
  });
});

describe("canSAS XML round trips: import -> CANSAS_XML export -> import", () => {
  it.each(FIXTURES)("%s: same values (bit for bit), units, resolution, columns and metadata", async (_label, content) => {
    const first = await parseFile("CANSAS_XML", content());
    for (const source of [first, reordered(first)]) {
      const second = await parseFile("CANSAS_XML", await exportXml(exportOf(source)));
      expectSameCurvesFully(second.curves, first.curves);
      expect(second.curves.map((c) => c.parameters)).toEqual(first.curves.map((c) => c.parameters));
      expect(entriesOf(second).map(withoutProvenance)).toEqual(entriesOf(first).map(withoutProvenance));
      const third = await parseFile("CANSAS_XML", await exportXml(exportOf(second)));
      expect(entriesOf(third)).toHaveLength(entriesOf(first).length);
      expect(entriesOf(third).map(withoutProvenance)).toEqual(entriesOf(first).map(withoutProvenance));
    }
  });

  it("curves from ASCII, NXcanSAS or addCurves: values, units, resolution kind and columns come back; the filler the schema demands does not", async () => {
    const data = bareDataset();
    const back = await parseFile("CANSAS_XML", await exportXml(data));
    const expected = bareCurves();
    // the third curve has dQ and slit resolution: slit is written as such, dQ as a column of ours
    expected[2] = { ...expected[2], dQ: null, columns: { Qdev: { values: new Float64Array([0.01]), unit: "reduced" }, ...expected[2].columns } };
    expectSameCurvesFully(back.curves, expected);
    for (const entry of entriesOf(back)) {
      expect(Object.keys(withoutProvenance(entry)).sort()).toEqual(["title"]);
    }
    expect(entriesOf(back)[1].title).toBe("USANS");
  });

  it("metadata the schema has no place for comes back exactly (types, text, order of lists)", async () => {
    const xml = await exportXml(entryDataset(AWKWARD));
    const [entry] = entriesOf(await parseFile("CANSAS_XML", xml));
    const expected = JSON.parse(JSON.stringify(AWKWARD));
    // conversions the schema asks for: text elements hold text, repeating elements come back as lists
    expected.run[0] = "4471";
    expected.process[0].term[0].value = "1.5";
    expected.instrument.SASdetector = [expected.instrument.SASdetector];
    expect(withoutProvenance(entry)).toEqual(expected);
    // and what SasView reads is where SasView reads it
    expect(xml).toContain('<wavelength unit="A">6</wavelength>');
    expect(xml).toContain("<ID>sample name (NXcanSAS spelling)</ID>");
    expect(xml).toMatch(/<Run>4471<\/Run>\s*<Run name="second">4472<\/Run>/);
  });

  it("a transmission spectrum in NXcanSAS terms is written as Tdata; what else it holds comes back", async () => {
    const xml = await exportXml(entryDataset(NX_SPECTRUM));
    expect(xml).toMatch(/<Tdata>\s*<Lambda unit="A">2<\/Lambda>\s*<T unit="">0.7<\/T>\s*<Tdev unit="">0.01<\/Tdev>\s*<\/Tdata>/);
    const [entry] = entriesOf(await parseFile("CANSAS_XML", xml));
    expect(entry.SAStransmission_spectrum).toEqual([
      {
        "@signal": "T",
        "@T_axes": "lambda",
        Lambda: { values: [2, 4, 6.5], unit: "A" },
        T: { values: [0.7, 0.68, 0.61], unit: "" },
        Tdev: { values: [0.01, 0.01, 0.02], unit: "" },
      },
    ]);
  });

  it("sasgraph's extension element cannot build huge lists or reach prototypes", async () => {
    const xml = (await exportXml(entryDataset({ title: "t", run: ["1"] }))).replace(
      /<sasgraph:metadata>[^<]*<\/sasgraph:metadata>/,
      `<sasgraph:metadata>${JSON.stringify({
        unplaced: [
          [["run", 100000000], "x"],
          [["__proto__", "polluted"], true],
          [["sample", "ok"], 1],
        ],
      }).replace(/"/g, "&quot;")}</sasgraph:metadata>`,
    );
    expect(xml).toContain("100000000");
    const [entry] = entriesOf(await parseFile("CANSAS_XML", xml));
    expect(entry.run).toEqual(["1"]);
    expect(({} as Meta).polluted).toBeUndefined();
    expect(entry.sample.ok).toBe(1);
  });
});
