/**
 * parallelepiped: rectangular box with edges A, B, C; F = Δρ V Π sinc(q_i L_i / 2), averaged over
 * orientation by nested Gauss–Legendre rules over the polar angle (order set per q from
 * q·(A + B + C)/2) and the azimuth on [0, π/2] (order set per polar node from q·sinα·(A + B)/2); see
 * orientation.ts. sasmodels nests two 76-point rules at every q.
 */
import type { ScatteringModelDefinition } from "../types";
import { sinc } from "../numerics/spherical";
import { RowSines } from "../numerics/sin-row";
import { scratch } from "./grid";
import { INF, indexOf, param } from "./define";
import { orientationNodes, orientationRule } from "./orientation";
import { boxRadiusEffective } from "./box-radii";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 4, [-INF, INF], "sld", "Parallelepiped scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
  param("length_a", "Ang", 35, [0, INF], "volume", "Shorter side of the parallelepiped"),
  param("length_b", "Ang", 75, [0, INF], "volume", "Second side of the parallelepiped"),
  param("length_c", "Ang", 400, [0, INF], "volume", "Larger side of the parallelepiped"),
  param("theta", "degrees", 60, [-360, 360], "orientation", "c axis to beam angle (2D only)"),
  param("phi", "degrees", 60, [-360, 360], "orientation", "rotation about beam (2D only)"),
  param("psi", "degrees", 60, [-360, 360], "orientation", "rotation about c axis (2D only)"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, length_a: LENGTH_A, length_b: LENGTH_B, length_c: LENGTH_C } = indexOf(parameters);

/** sin(q_a A/2), sin(q_b B/2), sin(q_c C/2) along detector rows (the 2D row form). */
const rowSines = [new RowSines(), new RowSines(), new RowSines()];

/** Nodes of the nested rule at one q: the inner order is bounded by its value at sin α = 1. */
export function boxNodes(q: number, a: number, b: number, c: number): number {
  return orientationNodes((q * (a + b + c)) / 2) * orientationNodes((q * (a + b)) / 2);
}

function radiusFromExcludedVolume(a: number, b: number, c: number): number {
  const lengths = [a, b, c];
  const lengthMax = Math.max(a, b, c);
  let l1 = lengthMax;
  let l2 = lengthMax;
  const l3 = lengthMax;
  for (const l of lengths) {
    if (l < l1) {
      l2 = l1;
      l1 = l;
    } else if (l < l2) {
      l2 = l;
    }
  }
  let rEquiv: number;
  let length: number;
  if (l2 - l1 > l3 - l2) {
    rEquiv = Math.sqrt((l2 * l3) / Math.PI);
    length = l1;
  } else {
    rEquiv = Math.sqrt((l1 * l2) / Math.PI);
    length = l3;
  }
  return 0.5 * Math.cbrt(0.75 * rEquiv * (2 * rEquiv * length + (rEquiv + length) * (Math.PI * rEquiv + length)));
}

export const parallelepiped: ScatteringModelDefinition = {
  name: "parallelepiped",
  title: "Rectangular parallelepiped with uniform scattering length density.",
  description: "F = Δρ V sinc(qa A/2) sinc(qb B/2) sinc(qc C/2), orientation averaged",
  category: "shape:parallelepiped",
  parameters,
  random(rng) {
    // three independent edges, each log-uniform 10 Å – 50 µm
    return { length_a: log10Uniform(rng, 1, 4.7), length_b: log10Uniform(rng, 1, 4.7), length_c: log10Uniform(rng, 1, 4.7) };
  },
  // sasmodels' other cases are 2D (qx, qy): not computed by this library.
  knownValues: [{ parameters: {}, q: [0.2], I: [0.17758004974], rtol: 1e-9, source: "sasmodels models/parallelepiped.py tests" }],
  haveFq: true,
  // Two nested quadratures over the orientation.
  orientationPoints: (qMax, p) => boxNodes(qMax, p[LENGTH_A], p[LENGTH_B], p[LENGTH_C]),
  formVolume: (p) => p[LENGTH_A] * p[LENGTH_B] * p[LENGTH_C],
  radiusEffectiveModes: [
    "equivalent cylinder excluded volume",
    "equivalent volume sphere",
    "half length_a",
    "half length_b",
    "half length_c",
    "equivalent circular cross-section",
    "half ab diagonal",
    "half diagonal",
  ],
  radiusEffective(mode, p) {
    const a = p[LENGTH_A];
    const b = p[LENGTH_B];
    const c = p[LENGTH_C];
    return boxRadiusEffective(mode, a, b, c, () => radiusFromExcludedVolume(a, b, c));
  },
  oriented: {
    symmetry: "triaxial",
    accumulate(qa, qb, qc, p, weight, f2) {
      const a = 0.5 * p[LENGTH_A];
      const b = 0.5 * p[LENGTH_B];
      const c = 0.5 * p[LENGTH_C];
      const s = (p[SLD] - p[SLD_SOLVENT]) * p[LENGTH_A] * p[LENGTH_B] * p[LENGTH_C];
      const w = weight * 1e-4 * s * s;
      for (let i = 0; i < f2.length; i++) {
        const f = sinc(qa[i] * a) * sinc(qb[i] * b) * sinc(qc[i] * c);
        f2[i] += w * f * f;
      }
    },
    accumulateRow(row, p, weight, f2, offset) {
      const a = 0.5 * p[LENGTH_A];
      const b = 0.5 * p[LENGTH_B];
      const c = 0.5 * p[LENGTH_C];
      const s = (p[SLD] - p[SLD_SOLVENT]) * p[LENGTH_A] * p[LENGTH_B] * p[LENGTH_C];
      const w = weight * 1e-4 * s * s;
      const { x, y, dx, a0, b0, c0 } = row;
      const a1y = row.a1 * y;
      const b1y = row.b1 * y;
      const c1y = row.c1 * y;
      const n = x.length;
      const sa = scratch("box.row.a", n);
      const sb = scratch("box.row.b", n);
      const sc = scratch("box.row.c", n);
      const pa = scratch("box.row.pa", n);
      const pb = scratch("box.row.pb", n);
      const pc = scratch("box.row.pc", n);
      rowSines[0].fill(x, dx, a0, a1y, a, sa, pa);
      rowSines[1].fill(x, dx, b0, b1y, b, sb, pb);
      rowSines[2].fill(x, dx, c0, c1y, c, sc, pc);
      for (let i = 0; i < n; i++) {
        const ta = pa[i];
        const tb = pb[i];
        const tc = pc[i];
        // One division for the three sincs; a zero phase (sinc = 1) takes them one by one.
        const den = ta * tb * tc;
        const f = den !== 0 ? (sa[i] * sb[i] * sc[i]) / den : (ta === 0 ? 1 : sa[i] / ta) * (tb === 0 ? 1 : sb[i] / tb) * (tc === 0 ? 1 : sc[i] / tc);
        f2[offset + i] += w * f * f;
      }
    },
  },
  accumulate(q, p, weight, f1, f2) {
    accumulateBox(q, p[SLD] - p[SLD_SOLVENT], p[LENGTH_A], p[LENGTH_B], p[LENGTH_C], weight, f1, f2);
  },
};

/**
 * Add weight·<F> and weight·<F²> of a uniform box a × b × c of contrast Δρ (the nested rule above);
 * shared with rectangular_prism, which only names the edges differently.
 */
export function accumulateBox(
  q: Float64Array,
  contrast: number,
  a: number,
  b: number,
  c: number,
  weight: number,
  f1: Float64Array | null,
  f2: Float64Array,
): void {
  const aScaled = a / b;
  const cScaled = c / b;
  const s = contrast * a * b * c;
  for (let i = 0; i < q.length; i++) {
    const mu = 0.5 * q[i] * b;
    const outer = orientationRule(0.5 * q[i] * (a + b + c));
    let o1 = 0;
    let o2 = 0;
    for (let k = 0; k < outer.n; k++) {
      const sigma = outer.cos[k];
      const muProj = mu * outer.sin[k];
      const inner = orientationRule(0.5 * q[i] * outer.sin[k] * (a + b));
      const { sin, cos, weightMean } = inner;
      let in1 = 0;
      let in2 = 0;
      for (let j = 0; j < inner.n; j++) {
        const fq = sinc(muProj * sin[j] * aScaled) * sinc(muProj * cos[j]);
        in1 += weightMean[j] * fq;
        in2 += weightMean[j] * fq * fq;
      }
      const si = sinc(mu * cScaled * sigma);
      o1 += outer.weightSin[k] * in1 * si;
      o2 += outer.weightSin[k] * in2 * si * si;
    }
    if (f1) f1[i] += weight * 1e-2 * s * o1;
    f2[i] += weight * 1e-4 * s * s * o2;
  }
}
