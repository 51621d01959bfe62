/**
 * Polydispersity average of one model over its volume-parameter mesh, the way sasmodels'
 * kernel_iq.c accumulates it: every mesh point with weight w > 0 adds w·F1, w·F2, w·V_form,
 * w·V_shell and w·R_eff; everything is then divided by Σw.
 */
import type { ScatteringModelDefinition, PolydisperseDimension } from "./types";

export interface FormAverage {
  /** <F> (1e-2 units), only for models with haveFq. */
  f1: Float64Array | null;
  /** <F²> (1e-4 units), or <I> for pointwise models. */
  f2: Float64Array;
  formVolume: number;
  shellVolume: number;
  radiusEffective: number;
}

export function averageForm(
  def: ScatteringModelDefinition,
  q: Float64Array,
  p: Float64Array,
  dims: PolydisperseDimension[],
  wantF1: boolean,
  radiusEffectiveMode: number,
): FormAverage {
  const nq = q.length;
  const f1 = wantF1 && def.haveFq ? new Float64Array(nq) : null;
  const f2 = new Float64Array(nq);
  const point = Float64Array.from(p);
  const volumeOf = def.formVolume ?? (() => 1);
  const shellOf = def.shellVolume ?? volumeOf;
  const reffOf = radiusEffectiveMode > 0 && def.radiusEffective ? def.radiusEffective : null;

  let totalWeight = 0;
  let formSum = 0;
  let shellSum = 0;
  let reffSum = 0;
  // Volumes over the mesh (cheap: mesh size, not mesh × q).
  const counters = new Int32Array(dims.length);
  const meshSize = dims.reduce((n, d) => n * d.values.length, 1);
  for (let m = 0; m < meshSize; m++) {
    let w = 1;
    for (let d = 0; d < dims.length; d++) {
      const dim = dims[d];
      point[dim.index] = dim.values[counters[d]];
      w *= dim.weights[counters[d]];
    }
    if (w > 0) {
      totalWeight += w;
      formSum += w * volumeOf(point);
      shellSum += w * shellOf(point);
      if (reffOf) reffSum += w * reffOf(radiusEffectiveMode, point);
    }
    for (let d = 0; d < dims.length; d++) {
      if (++counters[d] < dims[d].values.length) break;
      counters[d] = 0;
    }
  }

  const fast = dims.length > 0 && def.accumulateMesh ? def.accumulateMesh(q, p, dims, f1, f2) : false;
  if (!fast) {
    if (dims.length === 0) {
      def.accumulate(q, p, 1, f1, f2);
    } else {
      counters.fill(0);
      point.set(p);
      for (let m = 0; m < meshSize; m++) {
        let w = 1;
        for (let d = 0; d < dims.length; d++) {
          const dim = dims[d];
          point[dim.index] = dim.values[counters[d]];
          w *= dim.weights[counters[d]];
        }
        if (w > 0) def.accumulate(q, point, w, f1, f2);
        for (let d = 0; d < dims.length; d++) {
          if (++counters[d] < dims[d].values.length) break;
          counters[d] = 0;
        }
      }
    }
  }

  const norm = totalWeight === 0 ? 1 : totalWeight;
  if (norm !== 1) {
    for (let i = 0; i < nq; i++) f2[i] /= norm;
    if (f1) for (let i = 0; i < nq; i++) f1[i] /= norm;
  }
  return {
    f1,
    f2,
    formVolume: formSum / norm,
    shellVolume: shellSum / norm,
    radiusEffective: reffSum / norm,
  };
}
