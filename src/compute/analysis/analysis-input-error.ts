/** Raised for input an analysis cannot use (NaN, infinities, ragged rows, bad options); `field` names the culprit. */
export class AnalysisInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "AnalysisInputError";
  }
}
