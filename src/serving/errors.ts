/** Errors of the serving engine, each naming what was wrong so callers can show it as is. */

/** The model bytes are not a loadable ONNX model, or do not match the card. */
export class ModelArtifactError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ModelArtifactError";
  }
}

/** The model card JSON is malformed; `field` is a JSON path such as "outputs[0].parameters[1].std". */
export class ModelCardError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`model card: ${field}: ${problem}`);
    this.name = "ModelCardError";
  }
}

/** An input curve cannot be used at all; `inputIndex` is its position in the request. */
export class InferenceInputError extends Error {
  constructor(
    readonly inputIndex: number,
    readonly field: string,
    problem: string,
  ) {
    super(`input ${inputIndex}: ${field}: ${problem}`);
    this.name = "InferenceInputError";
  }
}
