/**
 * The canSAS 1D XML v1.1 schema (cansas1d.xsd) as data: for each element type, its attributes and its
 * children in sequence order, with their types and counts. The reader uses it to know which texts are
 * numbers (floatUnitType, float) and which are text; the writer to write every element in the
 * schema's order, whatever the key order of the stored metadata, and to fill in what is mandatory.
 * v1.0 has the same structure without SAStransmission_spectrum.
 */

/** Leaf content types: floatUnit = float with a required `unit` attribute; free = no type (any content). */
export type LeafType = "string" | "float" | "floatUnit" | "term" | "free";
export type ComplexName = "sample" | "position" | "orientation" | "process" | "source" | "collimation" | "aperture" | "detector" | "instrument";

export interface ChildSpec {
  tag: string;
  /** Metadata key, when it differs from the tag (entry level: sample, instrument, ...). */
  key?: string;
  type: LeafType | ComplexName;
  required: boolean;
  repeats: boolean;
  /** Attributes a leaf element may carry besides `unit` of floatUnit/term. */
  attributes?: readonly string[];
}

export interface ComplexSpec {
  attributes: readonly string[];
  children: readonly ChildSpec[];
  /** The type ends with xsd:any namespace="##other": foreign elements are allowed there. */
  foreign: boolean;
}

const one = (tag: string, type: ChildSpec["type"], extra: Partial<ChildSpec> = {}): ChildSpec => ({ tag, type, required: false, repeats: false, ...extra });

const xyz = (names: [string, string, string]): ChildSpec[] => names.map((n) => one(n, "floatUnit"));

export const COMPLEX: Record<ComplexName, ComplexSpec> = {
  position: { attributes: ["name"], children: xyz(["x", "y", "z"]), foreign: false },
  orientation: { attributes: ["name"], children: xyz(["roll", "pitch", "yaw"]), foreign: false },
  sample: {
    attributes: ["name"],
    children: [
      one("ID", "string", { required: true }),
      one("thickness", "floatUnit"),
      one("transmission", "float"),
      one("temperature", "floatUnit"),
      one("position", "position"),
      one("orientation", "orientation"),
      one("details", "free", { repeats: true }),
    ],
    foreign: true,
  },
  process: {
    attributes: ["name"],
    children: [
      one("name", "string"),
      one("date", "string"),
      one("description", "free"),
      one("term", "term", { repeats: true, attributes: ["name"] }),
      one("SASprocessnote", "free", { required: true, repeats: true }),
    ],
    foreign: true,
  },
  source: {
    attributes: ["name"],
    children: [
      one("radiation", "string", { required: true }),
      one("beam_size", "position"),
      one("beam_shape", "string"),
      one("wavelength", "floatUnit"),
      one("wavelength_min", "floatUnit"),
      one("wavelength_max", "floatUnit"),
      one("wavelength_spread", "floatUnit"),
    ],
    foreign: false,
  },
  collimation: { attributes: ["name"], children: [one("length", "floatUnit"), one("aperture", "aperture", { repeats: true })], foreign: false },
  aperture: { attributes: ["name", "type"], children: [one("size", "position"), one("distance", "floatUnit")], foreign: false },
  detector: {
    attributes: [],
    children: [
      one("name", "string", { required: true }),
      one("SDD", "floatUnit"),
      one("offset", "position"),
      one("orientation", "orientation"),
      one("beam_center", "position"),
      one("pixel_size", "position"),
      one("slit_length", "floatUnit"),
    ],
    foreign: false,
  },
  instrument: {
    attributes: [],
    children: [
      one("name", "string", { required: true }),
      one("SASsource", "source", { required: true }),
      one("SAScollimation", "collimation", { required: true, repeats: true }),
      one("SASdetector", "detector", { required: true, repeats: true }),
    ],
    foreign: false,
  },
};

/** SASentry children before SASdata (Title, Run) and after SAStransmission_spectrum (the rest). */
export const ENTRY_HEAD: readonly ChildSpec[] = [
  one("Title", "string", { key: "title", required: true }),
  one("Run", "string", { key: "run", required: true, repeats: true, attributes: ["name"] }),
];
export const ENTRY_TAIL: readonly ChildSpec[] = [
  one("SASsample", "sample", { key: "sample", required: true }),
  one("SASinstrument", "instrument", { key: "instrument", required: true }),
  one("SASprocess", "process", { key: "process", repeats: true }),
  one("SASnote", "free", { key: "notes", required: true, repeats: true }),
];

/** Idata children in schema order (Qdev and dQw/dQl are alternatives). */
export const IDATA_TAGS = ["Q", "I", "Idev", "Qdev", "dQw", "dQl", "Qmean", "Shadowfactor"] as const;

export function keyOf(spec: ChildSpec): string {
  return spec.key ?? spec.tag;
}

export function isComplex(type: ChildSpec["type"]): type is ComplexName {
  return type in COMPLEX;
}

/** The spec of child `tag` of a complex type, if the schema has it. */
export function childSpec(parent: ComplexName, tag: string): ChildSpec | undefined {
  return COMPLEX[parent].children.find((c) => c.tag === tag);
}

/** Tags that repeat anywhere in the schema: the reader makes them arrays whatever their count. */
export const REPEATING_TAGS: ReadonlySet<string> = new Set([
  "SASentry",
  "SASdata",
  "Idata",
  "SAStransmission_spectrum",
  "Tdata",
  ...ENTRY_HEAD.filter((c) => c.repeats).map((c) => c.tag),
  ...ENTRY_TAIL.filter((c) => c.repeats).map((c) => c.tag),
  ...Object.values(COMPLEX).flatMap((t) => t.children.filter((c) => c.repeats).map((c) => c.tag)),
]);

/** Namespace of the elements and attributes sasgraph adds where the schema allows foreign ones. */
export const SASGRAPH_NAMESPACE = "urn:sasgraph:cansas1d-extension:1";
export const SASGRAPH_PREFIX = "sasgraph";
