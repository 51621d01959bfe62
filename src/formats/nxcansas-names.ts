/**
 * Names shared by the NXcanSAS reader and writer: which canSAS class maps to which metadata key,
 * HDF5 group name and NeXus base class, and how canSAS XML's field names (metadata read from XML)
 * become the NXcanSAS application definition's (nexusformat/definitions, applications/NXcanSAS.nxdl.xml).
 */

export interface GroupKind {
  canSAS: string;
  nxClass: string;
  /** Group name prefix as SasView and Mantid write them (sasentry01, sassample, sasdetector01...). */
  name: string;
  /** Several may exist: numbered names and an array in metadata. */
  repeats: boolean;
}

// NX classes as the definition's group types give them (SASnote and SASprocessnote are NXcollection
// there, although its overview table says NXnote for sasnote).
const KINDS: GroupKind[] = [
  { canSAS: "SASsample", nxClass: "NXsample", name: "sassample", repeats: false },
  { canSAS: "SASinstrument", nxClass: "NXinstrument", name: "sasinstrument", repeats: false },
  { canSAS: "SASsource", nxClass: "NXsource", name: "sassource", repeats: false },
  { canSAS: "SAScollimation", nxClass: "NXcollimator", name: "sascollimation", repeats: true },
  { canSAS: "SASdetector", nxClass: "NXdetector", name: "sasdetector", repeats: true },
  { canSAS: "SASaperture", nxClass: "NXaperture", name: "sasaperture", repeats: true },
  { canSAS: "SASprocess", nxClass: "NXprocess", name: "sasprocess", repeats: true },
  { canSAS: "SASprocessnote", nxClass: "NXcollection", name: "sasprocessnote", repeats: true },
  { canSAS: "SASnote", nxClass: "NXcollection", name: "sasnote", repeats: true },
  { canSAS: "SAStransmission_spectrum", nxClass: "NXdata", name: "sastransmission_spectrum", repeats: true },
];

/** NX_class each canSAS class must carry (for checks of our own exports). */
export const NX_CLASS_OF: Record<string, string> = Object.fromEntries([
  ["SASentry", "NXentry"],
  ["SASdata", "NXdata"],
  ...KINDS.map((k) => [k.canSAS, k.nxClass]),
]) as Record<string, string>;

/** Metadata keys of an entry (shared with the canSAS XML reader) for the canSAS classes found in it. */
export const ENTRY_KEY_OF_CLASS: Record<string, string> = {
  SASsample: "sample",
  SASinstrument: "instrument",
  SASprocess: "process",
  SASnote: "notes",
};

/**
 * Entry metadata key under which the reader keeps what a SASdata group holds besides the curve
 * (group attributes, scalar datasets, notes such as Irena/Nika's IGORWaveNote), by group name.
 */
export const DATA_GROUPS_KEY = "dataGroups";

/**
 * Marks a dataset our writer had to add so that readers see the structure (a slit width of zeros
 * when the source has a slit length only, Tdev of NaN when a spectrum has no uncertainties, both
 * required by SasView's loader); such a dataset is not data and is dropped on reading.
 */
export const FILLED_ATTR = "sasgraph_filled";

/** A SASdata group our writer made from frame FRAME (0-based) of the multi-frame source group FRAME_OF. */
export const FRAME_OF_ATTR = "sasgraph_frame_of";
export const FRAME_ATTR = "sasgraph_frame";

/** Entry metadata key of the transmission spectra (canSAS XML's element name, as its reader files it). */
export const TRANSMISSION_KEY = "SAStransmission_spectrum";

/** canSAS XML spells apertures `aperture`; NXcanSAS says SASaperture. */
const ALIASES: Record<string, string> = { aperture: "SASaperture" };

export function kindOfClass(canSAS: string): GroupKind | undefined {
  return KINDS.find((k) => k.canSAS === canSAS);
}

/** The kind a metadata key names: entry keys (sample, process... at entry level), canSAS class names, XML aliases. */
export function kindOfKey(key: string, atEntryLevel = true): GroupKind | undefined {
  const entryClass = atEntryLevel ? Object.entries(ENTRY_KEY_OF_CLASS).find(([, k]) => k === key)?.[0] : undefined;
  return kindOfClass(entryClass ?? ALIASES[key] ?? key);
}

/** Metadata key a group of class `canSAS` is filed under inside its parent. */
export function metadataKeyOfClass(canSAS: string, atEntryLevel: boolean): string {
  if (atEntryLevel && ENTRY_KEY_OF_CLASS[canSAS]) return ENTRY_KEY_OF_CLASS[canSAS];
  return canSAS === "SASaperture" ? "aperture" : canSAS;
}

/**
 * canSAS XML field -> NXcanSAS field, per class. Vectors (`{x, y, z}` objects in XML) become one
 * field per component; `null` for a component the definition has no field for keeps XML's
 * spelling prefixed by the vector's name (`position_z`), so nothing is lost.
 */
interface Renames {
  fields: Record<string, string>;
  vectors: Record<string, Record<string, string>>;
}

const POSITION = { x: "x_position", y: "y_position", z: "z_position" };
const ORIENTATION = { roll: "roll", pitch: "pitch", yaw: "yaw" };

export const XML_TO_NX: Record<string, Renames> = {
  SASsample: { fields: { ID: "name" }, vectors: { position: POSITION, orientation: ORIENTATION } },
  SASdetector: {
    fields: {},
    vectors: {
      offset: POSITION,
      orientation: ORIENTATION,
      beam_center: { x: "beam_center_x", y: "beam_center_y" },
      pixel_size: { x: "x_pixel_size", y: "y_pixel_size" },
    },
  },
  SASsource: {
    fields: { wavelength: "incident_wavelength", wavelength_spread: "incident_wavelength_spread" },
    vectors: { beam_size: { x: "beam_size_x", y: "beam_size_y" } },
  },
  SASaperture: { fields: { "@type": "shape" }, vectors: { size: { x: "x_gap", y: "y_gap" } } },
};
