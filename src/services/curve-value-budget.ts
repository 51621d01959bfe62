import { badInput } from "./errors";

/**
 * How many curve values (q, I, dI, dQ) one request may be answered with. graphql-js completes and
 * serialises a list of numbers in one go on the event loop (about 0.3 s per million), so an answer is
 * bounded by what it carries, whichever path asks for the curves: pages, nested pages, aliases.
 */
export class CurveValueBudget {
  private left: number;

  constructor(readonly limit: number) {
    this.left = limit;
  }

  /** Take `values` from the budget, or refuse the field asking for them. */
  spend(values: number, field: string): void {
    if (values > this.left) throw curveValuesError(this.limit, field);
    this.left -= values;
  }
}

export function curveValuesError(limit: number, field: string, points?: number) {
  const asked = points === undefined ? "this request asks for more curve values" : `the curves asked for hold ${points} points, more`;
  return badInput(
    `${asked} than one answer may carry (${limit} values of q, intensity, dI and dQ together): ` +
      "ask for fewer curves per page (first) or fewer arrays, or download the dataset (requestDownload)",
    field,
  );
}
