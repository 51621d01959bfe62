import { registerEnumType } from "type-graphql";
import { EXPORT_FORMATS, IMPORT_FORMATS, type ExportFormat as ExportFormatName, type ImportFormat as ImportFormatName } from "../formats";

export enum DatasetKind {
  MEASURED = "MEASURED",
  SIMULATED = "SIMULATED",
  VIRTUAL_EXPERIMENT = "VIRTUAL_EXPERIMENT",
  DERIVED = "DERIVED",
}
export enum Technique {
  SANS = "SANS",
  SAXS = "SAXS",
  XPCS = "XPCS",
}
export enum QUnit {
  INV_ANGSTROM = "INV_ANGSTROM",
  INV_NM = "INV_NM",
  REDUCED = "REDUCED",
}
export enum IntensityUnit {
  INV_CM = "INV_CM",
  INV_M = "INV_M",
  ARBITRARY = "ARBITRARY",
  COUNTS = "COUNTS",
}
export enum DatasetOrder {
  CREATED_DESC = "CREATED_DESC",
  CREATED_ASC = "CREATED_ASC",
  TITLE_ASC = "TITLE_ASC",
  TITLE_DESC = "TITLE_DESC",
}
/** An enum object (value = key) of format names, in the table's order: what registerEnumType wants. */
function formatEnum<N extends string>(formats: readonly { name: N }[]): { readonly [K in N]: K } {
  return Object.fromEntries(formats.map((f) => [f.name, f.name])) as { [K in N]: K };
}
// The format enums come from the format table (src/formats/registry.ts), not a second list.
export const ImportFormat = formatEnum<ImportFormatName>(IMPORT_FORMATS);
export type ImportFormat = ImportFormatName;
export const ExportFormat = formatEnum<ExportFormatName>(EXPORT_FORMATS);
export type ExportFormat = ExportFormatName;
export enum JobState {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
}
export enum ProvRelation {
  used = "used",
  wasGeneratedBy = "wasGeneratedBy",
  wasDerivedFrom = "wasDerivedFrom",
  wasAssociatedWith = "wasAssociatedWith",
  wasAttributedTo = "wasAttributedTo",
}
export enum ProvNodeType {
  DATASET = "DATASET",
  MODEL_VERSION = "MODEL_VERSION",
  SAMPLE = "SAMPLE",
  INSTRUMENT = "INSTRUMENT",
  ACTIVITY = "ACTIVITY",
  USER = "USER",
  SOFTWARE = "SOFTWARE",
}

registerEnumType(DatasetKind, { name: "DatasetKind", description: "How a dataset came to be" });
registerEnumType(Technique, { name: "Technique", description: "Scattering technique" });
registerEnumType(QUnit, {
  name: "QUnit",
  description: "Unit of the scattering vector q",
  valuesConfig: {
    INV_ANGSTROM: { description: "1/Å (sasmodels' unit)" },
    INV_NM: { description: "1/nm" },
    REDUCED: { description: "Dimensionless q·L0 of particle simulations (L0 in the dataset metadata); no conversion to absolute units" },
  },
});
registerEnumType(IntensityUnit, {
  name: "IntensityUnit",
  description: "Unit of the intensity I(q); absolute units convert into each other, ARBITRARY and COUNTS do not",
  valuesConfig: { INV_CM: { description: "1/cm (absolute; sasmodels' unit)" }, INV_M: { description: "1/m (absolute)" } },
});
registerEnumType(DatasetOrder, { name: "DatasetOrder" });
registerEnumType(ImportFormat, {
  name: "ImportFormat",
  valuesConfig: Object.fromEntries(IMPORT_FORMATS.map((f) => [f.name, { description: f.read.description }])),
});
registerEnumType(ExportFormat, { name: "ExportFormat" });
registerEnumType(JobState, { name: "JobState" });
registerEnumType(ProvRelation, { name: "ProvRelation", description: "W3C PROV relation" });
registerEnumType(ProvNodeType, { name: "ProvNodeType" });
