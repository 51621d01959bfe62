/**
 * The card's transform and standardisation in one pass per curve, written straight into a float32
 * batch buffer: the same arithmetic, in the same order, as `transformIntensity` followed by
 * `standardiseFeatures`, without their intermediate arrays.
 */
import { featureCount, type ModelCard } from "./model-card";

interface Standardisation {
  mean: Float64Array;
  std: Float64Array;
}

const standardisations = new WeakMap<ModelCard, Standardisation | null>();

function standardisationOf(card: ModelCard): Standardisation | null {
  let s = standardisations.get(card);
  if (s === undefined) {
    const step = card.preprocessing.standardise;
    s = step ? { mean: Float64Array.from(step.mean), std: Float64Array.from(step.std) } : null;
    standardisations.set(card, s);
  }
  return s;
}

/**
 * Features of one curve already on the card's grid (`onGrid`), stored at out[offset ...].
 * Returns the index of the first feature that is not finite (before float32 rounding, as checked
 * so far), or -1; `value` receives that feature.
 */
export function writeFeatures(card: ModelCard, onGrid: Float64Array, out: Float32Array, offset: number, bad: { value: number }): number {
  const m = featureCount(card);
  if (onGrid.length !== card.qGrid.length || offset + m > out.length) throw new Error(`internal: no room for ${m} features at ${offset} of ${out.length}`);
  const s = standardisationOf(card);
  const transform = card.preprocessing.transform;
  const mean = s?.mean;
  const std = s?.std;
  let lnPrev = 0;
  let ln0 = 0;
  let power = 1;
  let ratioOfNeighbours = false;
  if (transform.kind === "quotient") {
    power = transform.squareIntensity ? 2 : 1;
    ratioOfNeighbours = transform.variant === "log_quotient";
    lnPrev = ln0 = Math.log(onGrid[0]);
  }
  for (let i = 0; i < m; i++) {
    let x: number;
    if (transform.kind === "none") x = onGrid[i];
    else if (transform.kind === "log10") x = Math.log10(onGrid[i]);
    else {
      // ln(J_{i+1}/J_i) or ln(J_{i+1}/J_0), squaring doubling the log ratio.
      const lnNext = Math.log(onGrid[i + 1]);
      x = power * (lnNext - (ratioOfNeighbours ? lnPrev : ln0));
      lnPrev = lnNext;
    }
    if (mean !== undefined && std !== undefined) x = (x - mean[i]) / std[i];
    if (!Number.isFinite(x)) {
      bad.value = x;
      return i;
    }
    out[offset + i] = x;
  }
  return -1;
}
