/**
 * Names shared by the NXcanSAS reader and writer: which canSAS class maps to which metadata key,
 * HDF5 group name and NeXus base class (NXcanSAS application definition).
 */

export interface GroupKind {
  canSAS: string;
  nxClass: string;
  /** Group name prefix as SasView and Mantid write them (sasentry01, sassample, sasdetector01...). */
  name: string;
  /** Several may exist: numbered names and an array in metadata. */
  repeats: boolean;
}

const KINDS: GroupKind[] = [
  { canSAS: "SASsample", nxClass: "NXsample", name: "sassample", repeats: false },
  { canSAS: "SASinstrument", nxClass: "NXinstrument", name: "sasinstrument", repeats: false },
  { canSAS: "SASsource", nxClass: "NXsource", name: "sassource", repeats: false },
  { canSAS: "SAScollimation", nxClass: "NXcollimator", name: "sascollimation", repeats: true },
  { canSAS: "SASdetector", nxClass: "NXdetector", name: "sasdetector", repeats: true },
  { canSAS: "SASaperture", nxClass: "NXaperture", name: "sasaperture", repeats: true },
  { canSAS: "SASprocess", nxClass: "NXprocess", name: "sasprocess", repeats: true },
  { canSAS: "SASprocessnote", nxClass: "NXnote", name: "sasprocessnote", repeats: true },
  { canSAS: "SASnote", nxClass: "NXnote", name: "sasnote", repeats: true },
  { canSAS: "SAStransmission_spectrum", nxClass: "NXdata", name: "sastransmission_spectrum", repeats: true },
];

/** Metadata keys of an entry (shared with the canSAS XML reader) for the canSAS classes found in it. */
export const ENTRY_KEY_OF_CLASS: Record<string, string> = {
  SASsample: "sample",
  SASinstrument: "instrument",
  SASprocess: "process",
  SASnote: "notes",
};

/** canSAS XML spells apertures `aperture`; NXcanSAS says SASaperture. */
const ALIASES: Record<string, string> = { aperture: "SASaperture" };

export function kindOfClass(canSAS: string): GroupKind | undefined {
  return KINDS.find((k) => k.canSAS === canSAS);
}

/** The kind a metadata key names: entry keys (sample, process...), canSAS class names, XML aliases. */
export function kindOfKey(key: string): GroupKind | undefined {
  const entryClass = Object.entries(ENTRY_KEY_OF_CLASS).find(([, k]) => k === key)?.[0];
  return kindOfClass(entryClass ?? ALIASES[key] ?? key);
}

/** Metadata key a group of class `canSAS` is filed under inside its parent. */
export function metadataKeyOfClass(canSAS: string, atEntryLevel: boolean): string {
  if (atEntryLevel && ENTRY_KEY_OF_CLASS[canSAS]) return ENTRY_KEY_OF_CLASS[canSAS];
  return canSAS === "SASaperture" ? "aperture" : canSAS;
}
