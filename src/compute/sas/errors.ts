/** Raised for any caller mistake: unknown model or parameter, value outside its limits, NaN, q <= 0. */
export class SasInputError extends Error {
  readonly field?: string;
  constructor(message: string, field?: string) {
    super(message);
    this.name = "SasInputError";
    this.field = field;
  }
}
