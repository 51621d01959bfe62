/** Data-set analyses shared by the ML-inversion workflows. */
export { curveSvd, type CurveSvd, type CurveSvdOptions, type DenseCurves } from "./svd";
export { AnalysisInputError } from "./analysis-input-error";
