export { User } from "./user";
export { Group } from "./group";
export { ApiToken } from "./api-token";
export { Instrument } from "./instrument";
export { Sample } from "./sample";
export { Proposal } from "./proposal";
export { Dataset } from "./dataset";
export { Curve } from "./curve";
export { DataFile } from "./data-file";
export { Activity } from "./activity";
export { ProvEdge } from "./prov-edge";
export { JobRun } from "./job-run";
export { Model } from "./model";
export { ModelVersion } from "./model-version";
export { ModelAlias } from "./model-alias";
export { ModelEvaluation } from "./model-evaluation";
export { ImportUpload } from "./import-upload";
export { DetectorImage } from "./detector-image";

import { User } from "./user";
import { Group } from "./group";
import { ApiToken } from "./api-token";
import { Instrument } from "./instrument";
import { Sample } from "./sample";
import { Proposal } from "./proposal";
import { Dataset } from "./dataset";
import { Curve } from "./curve";
import { DataFile } from "./data-file";
import { Activity } from "./activity";
import { ProvEdge } from "./prov-edge";
import { JobRun } from "./job-run";
import { Model } from "./model";
import { ModelVersion } from "./model-version";
import { ModelAlias } from "./model-alias";
import { ModelEvaluation } from "./model-evaluation";
import { ImportUpload } from "./import-upload";
import { DetectorImage } from "./detector-image";

export const ENTITIES = [
  User,
  Group,
  ApiToken,
  Instrument,
  Sample,
  Proposal,
  Dataset,
  Curve,
  DataFile,
  Activity,
  ProvEdge,
  JobRun,
  Model,
  ModelVersion,
  ModelAlias,
  ModelEvaluation,
  ImportUpload,
  DetectorImage,
];
