/**
 * star_polymer (Benoît): f Gaussian arms joined at one point,
 * P = 2/(f v²) [v - (1 - e^-v) + (f-1)/2 (1 - e^-v)²], v = <Rg²> q² f/(3f - 2).
 * Ref: H. Benoît, J. Polym. Sci. 11 (1953) 507-510.
 */
import { indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [
  param("rg_squared", "Ang^2", 100, [0, Number.POSITIVE_INFINITY], "plain", "Ensemble radius of gyration SQUARED of the full polymer"),
  param("arms", "", 3, [1, 6], "plain", "Number of arms in the model"),
];
const { rg_squared: RG_SQUARED, arms: ARMS } = indexOf(parameters);

/**
 * Benoît's P(v) for f arms. The closed form loses about ulp/v² near v = 0 (both terms are O(v²));
 * below v = 0.5 the series (2/f) Σ_{k>=2} (-v)^(k-2) [1 + (f-1)(2^(k-1) - 1)]/k! is summed instead.
 */
export function starFormFactor(v: number, f: number): number {
  if (v < 0.5) {
    let sum = 0;
    let power = 1; // (-v)^(k-2)
    let factorial = 2; // k!
    let twoPow = 2; // 2^(k-1)
    for (let k = 2; k < 40; k++) {
      const term = (power * (1 + (f - 1) * (twoPow - 1))) / factorial;
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
      power *= -v;
      factorial *= k + 1;
      twoPow *= 2;
    }
    return (2 * sum) / f;
  }
  const e = Math.expm1(-v);
  return (2 * (v + e + 0.5 * (f - 1) * e * e)) / (f * v * v);
}

const PUBLISHED = "sasmodels models/star_polymer.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const starPolymer = pointwiseModel(
  {
    name: "star_polymer",
    title: "Star polymer model with Gaussian statistics",
    description: "I(q) = scale 2/(f v²)[v - (1 - e^-v) + (f-1)/2 (1 - e^-v)²] + background, v = <Rg²> q² f/(3f - 2)",
    category: "shape-independent",
    parameters,
    random(rng) {
      return { scale: log10Uniform(rng, 1, 4), rg_squared: log10Uniform(rng, 1, 8), arms: uniform(rng, 1, 6) };
    },
    knownValues: [
      { parameters: { rg_squared: 2.0, arms: 3.3 }, q: [0.5], I: [0.851646091108], rtol: 1e-9, source: PUBLISHED },
      { parameters: { rg_squared: 1.0, arms: 2.0, background: 1.8 }, q: [1.0], I: [2.53575888234], rtol: 1e-9, source: PUBLISHED },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.999966667431038, 0.996674306190696, 0.921245460395369, 0.731389305122135, 0.171912746311978, 0.0155555555555556],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { rg_squared: 2500, arms: 1, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.999167187239747, 0.921625058284956, 0.268898839251775, 0.0768000000000444, 0.00884938271604938, 0.00079968],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { rg_squared: 10000.0, arms: 6, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.996673686798123, 0.727133076595314, 0.0412431577886126, 0.00924444444444444, 0.0009920438957476, 8.89244444444444e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { rg_squared: 40, arms: 2.5, scale: 3, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [2.99996000038951, 2.99600379882965, 2.90233256048745, 2.63535597518989, 1.18082328613208, 0.130184999953906],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const f = p[ARMS];
    return starFormFactor((p[RG_SQUARED] * q * q * f) / (3 * f - 2), f);
  },
);
