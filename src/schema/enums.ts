import { registerEnumType } from "type-graphql";
import { EXPORT_FORMATS, IMPORT_FORMATS, type ExportFormat as ExportFormatName, type ImportFormat as ImportFormatName } from "../formats";
import { DATASET_KINDS, TECHNIQUES, type DatasetKind as DatasetKindValue, type Technique as TechniqueValue } from "../entities/dataset";
import { JOB_STATES, type JobState as JobStateValue } from "../entities/job-run";
import { PROV_NODE_TYPES, PROV_RELATIONS, type ProvNodeType as ProvNodeTypeValue, type ProvRelation as ProvRelationValue } from "../entities/prov-edge";
import { INTENSITY_UNITS, Q_UNITS, type IntensityUnit as IntensityUnitValue, type QUnit as QUnitValue } from "../compute/units";
import { RESOLUTION_KINDS, type ResolutionKind as ResolutionKindValue } from "../formats/curve";
import { Q_RULES, type QRule as QRuleValue } from "../formats/options";
import { enumOf } from "./enum-of";

export enum DatasetOrder {
  CREATED_DESC = "CREATED_DESC",
  CREATED_ASC = "CREATED_ASC",
  TITLE_ASC = "TITLE_ASC",
  TITLE_DESC = "TITLE_DESC",
}
// Each enum is the domain's list (value = name), not a second one.
export const DatasetKind = enumOf(DATASET_KINDS);
export type DatasetKind = DatasetKindValue;
export const Technique = enumOf(TECHNIQUES);
export type Technique = TechniqueValue;
export const QUnit = enumOf(Q_UNITS);
export type QUnit = QUnitValue;
export const IntensityUnit = enumOf(INTENSITY_UNITS);
export type IntensityUnit = IntensityUnitValue;
// The format enums come from the format table (src/formats/registry.ts), in its order.
export const ImportFormat = enumOf<ImportFormatName>(IMPORT_FORMATS.map((f) => f.name));
export type ImportFormat = ImportFormatName;
export const ExportFormat = enumOf<ExportFormatName>(EXPORT_FORMATS.map((f) => f.name));
export type ExportFormat = ExportFormatName;
export const ResolutionKind = enumOf(RESOLUTION_KINDS);
export type ResolutionKind = ResolutionKindValue;
export const QRule = enumOf(Q_RULES);
export type QRule = QRuleValue;
export const JobState = enumOf(JOB_STATES);
export type JobState = JobStateValue;
export const ProvRelation = enumOf(PROV_RELATIONS);
export type ProvRelation = ProvRelationValue;
export const ProvNodeType = enumOf(PROV_NODE_TYPES);
export type ProvNodeType = ProvNodeTypeValue;

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
  description: "Unit of the intensity I(q); absolute units convert into each other, ARBITRARY, COUNTS and DIMENSIONLESS do not",
  valuesConfig: {
    INV_CM: { description: "1/cm (absolute; sasmodels' unit)" },
    INV_M: { description: "1/m (absolute)" },
    DIMENSIONLESS: { description: "A pure number on a known scale (e.g. normalised simulation I(Q) with P(0) = 1)" },
  },
});
registerEnumType(DatasetOrder, { name: "DatasetOrder" });
registerEnumType(ImportFormat, {
  name: "ImportFormat",
  valuesConfig: Object.fromEntries(IMPORT_FORMATS.map((f) => [f.name, { description: f.read.description }])),
});
registerEnumType(ExportFormat, { name: "ExportFormat" });
registerEnumType(ResolutionKind, {
  name: "ResolutionKind",
  description: "How a curve's q resolution is given",
  valuesConfig: {
    NONE: { description: "No resolution given" },
    PINHOLE: { description: "Pinhole: one-sigma Gaussian dQ per point (`dQ`)" },
    SLIT: { description: "Slit-smeared data: slit length `dQl` and width `dQw` per point (as USANS)" },
  },
});
registerEnumType(QRule, {
  name: "QRule",
  description: "What an import does with rows that break the q rule (q positive, strictly increasing, every value finite)",
  valuesConfig: {
    STRICT: { description: "Refuse the file, naming the first such row (the default)" },
    LENIENT: {
      description:
        "As SasView: sort rows by q, drop rows with q <= 0, a NaN or infinite value, or a repeated q; metadata.imports[].metadata.qRule lists each dropped row and why",
    },
  },
});
registerEnumType(JobState, { name: "JobState" });
registerEnumType(ProvRelation, { name: "ProvRelation", description: "W3C PROV relation" });
registerEnumType(ProvNodeType, { name: "ProvNodeType" });
