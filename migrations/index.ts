/** Every migration, in order. Listed by import (not a glob) so it works from src and from dist. */
import { InitialCatalogue1732200000000 } from "./1732200000000-initial-catalogue";
import { ModelRegistry1732300000000 } from "./1732300000000-model-registry";
import { ReducedQUnit1732400000000 } from "./1732400000000-reduced-q-unit";
import { UploadExpiry1732500000000 } from "./1732500000000-upload-expiry";
import { ImportUploads1732600000000 } from "./1732600000000-import-uploads";
import { ModelNamesPerOwner1732800000000 } from "./1732800000000-model-names-per-owner";
import { JobAttempts1732950000000 } from "./1732950000000-job-attempts";
import { CurveSlitAndColumns1733100000000 } from "./1733100000000-curve-slit-and-columns";
import { ImportUploadQRule1733150000000 } from "./1733150000000-import-upload-q-rule";
import { ModelEvaluations1733300000000 } from "./1733300000000-model-evaluations";
import { DimensionlessIntensity1733300000001 } from "./1733300000001-dimensionless-intensity";
import { DetectorImages1733400000000 } from "./1733400000000-detector-images";

export const MIGRATIONS = [
  InitialCatalogue1732200000000,
  ModelRegistry1732300000000,
  ReducedQUnit1732400000000,
  UploadExpiry1732500000000,
  ImportUploads1732600000000,
  ModelNamesPerOwner1732800000000,
  JobAttempts1732950000000,
  CurveSlitAndColumns1733100000000,
  ImportUploadQRule1733150000000,
  ModelEvaluations1733300000000,
  DimensionlessIntensity1733300000001,
  DetectorImages1733400000000,
];
