/**
 * unified_power_Rg (Beaucage): up to six levels, each a Guinier knee and a power law cut off below the
 * next level's size: I = Σ_i G_i exp(-(q Rg_i)²/3) + B_i exp(-(q Rg_{i+1})²/3) [erf(q Rg_i/√6)³/q]^P_i
 * (no cut-off on the last level). sasmodels' vector parameters rg[level], power[level], B[level] and
 * G[level] appear as rg1..rg6, power1..power6, B1..B6, G1..G6; levels above round(level) are ignored.
 * Ref: G. Beaucage, J. Appl. Cryst. 28 (1995) 717-728; G. Beaucage, J. Appl. Cryst. 29 (1996) 134-146.
 */
import { erf } from "../numerics/erf";
import { INF, param, pointwiseModel, type NamedParameter } from "./define";
import { uniform, log10Uniform, poisson } from "./draw";
import { gamma as gammaFunction } from "../numerics/gamma";

const MAX_LEVELS = 6;
const levels = Array.from({ length: MAX_LEVELS }, (_, i) => i + 1);

const parameters: NamedParameter<string>[] = [
  param("level", "", 1, [1, MAX_LEVELS], "plain", "Level number"),
  ...levels.map((n) => param(`rg${n}`, "Ang", 15.8, [0, INF], "plain", `Radius of gyration of level ${n}`)),
  ...levels.map((n) => param(`power${n}`, "", 4, [-INF, INF], "plain", `Power-law exponent of level ${n}`)),
  ...levels.map((n) => param(`B${n}`, "1/cm", 4.5e-6, [-INF, INF], "plain", `Power-law prefactor of level ${n}`)),
  ...levels.map((n) => param(`G${n}`, "1/cm", 400, [0, INF], "plain", `Guinier prefactor of level ${n}`)),
];
// Positions by table layout: level, then the four blocks of MAX_LEVELS entries each.
const LEVEL = 0;
const RG = 1;
const POWER = RG + MAX_LEVELS;
const B = POWER + MAX_LEVELS;
const G = B + MAX_LEVELS;

const INV_SQRT6 = 1 / Math.sqrt(6);

// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const unifiedPowerRg = pointwiseModel(
  {
    name: "unified_power_Rg",
    title: "Unified Power Rg",
    description:
      "Beaucage's unified exponential/power-law fit with 1 to 6 levels: I = Σ G_i exp(-(q Rg_i)²/3) + B_i exp(-(q Rg_{i+1})²/3) [erf(q Rg_i/√6)³/q]^P_i",
    category: "shape-independent",
    parameters,
    random(rng) {
      // 1 + Poisson(½) levels (at most 6); per level P uniform 1.6 – 3, Rg log-uniform 10 Å – 1 µm,
      // G = U(0.1, 10)²·10^U(0.3, 3), and B tied to G, Rg and P as Hammouda's consistency condition asks
      const level = Math.min(poisson(rng, 0.5) + 1, 6);
      const out: Record<string, number> = { scale: log10Uniform(rng, 1, 4), level };
      for (let k = 1; k <= level; k++) {
        const power = uniform(rng, 1.6, 3);
        const rg = log10Uniform(rng, 1, 5);
        const g = uniform(rng, 0.1, 10) ** 2 * log10Uniform(rng, 0.3, 3);
        out[`power${k}`] = power;
        out[`rg${k}`] = rg;
        out[`G${k}`] = g;
        out[`B${k}`] = ((g * power) / rg ** power) * gammaFunction(power / 2);
      }
      return out;
    },
    knownValues: [
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [399.96671605152, 396.685277250326, 324.871988015643, 174.048221757078, 0.224151580769568, 4.5e-6],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { level: 2, rg1: 15.8, rg2: 21, power1: 4, power2: 2, B1: 4.5e-6, B2: 0.0006, G1: 400, G2: 3, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [402.966275084424, 399.641504648687, 326.951524461617, 174.750805364573, 0.230297064215062, 0.0006],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: {
          level: 3,
          rg1: 800,
          rg2: 90,
          rg3: 10,
          power1: 2.2,
          power2: 3.5,
          power3: 1.7,
          B1: 2e-5,
          B2: 0.001,
          B3: 0.04,
          G1: 5000,
          G2: 60,
          G3: 2,
          background: 0,
        },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [4101.35884788339, 48.7850237710509, 31.7306452240446, 3.72809965185544, 0.301732543611955, 0.0399999984161433],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: {
          level: 6,
          rg1: 3000,
          rg2: 1000,
          rg3: 300,
          rg4: 100,
          rg5: 30,
          rg6: 10,
          power1: 4,
          power2: 2,
          power3: 3,
          power4: 1.5,
          power5: 4,
          power6: 2.5,
          B1: 1e-10,
          B2: 1e-6,
          B3: 0.0001,
          B4: 0.003,
          B5: 0.0001,
          B6: 0.02,
          G1: 1000000.0,
          G2: 10000.0,
          G3: 500,
          G4: 40,
          G5: 5,
          G6: 1,
          background: 0,
        },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [57508.7224528058, 92.2404784116578, 3.45863109243997, 1.23520487289051, 0.261778449843687, 0.0199999988353979],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const n = Math.floor(p[LEVEL] + 0.5);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const rg = p[RG + i];
      const x = q * rg;
      const cut = i < n - 1 ? Math.exp(-((q * p[RG + i + 1]) ** 2) / 3) : 1;
      const e = erf(x * INV_SQRT6);
      sum += p[G + i] * Math.exp((-x * x) / 3) + p[B + i] * cut * Math.pow((e * e * e) / q, p[POWER + i]);
    }
    return sum;
  },
);
