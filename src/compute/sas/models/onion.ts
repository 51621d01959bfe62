/**
 * onion: a core of radius R and SLD ρ_core inside n shells (n ≤ 10) whose SLD varies with radius,
 * normalised by the whole particle's volume. In shell k (from r_in to r_out = r_in + t_k) the profile is
 *   A_k = 0:  ρ(r) = ρ_in,k (flat);
 *   A_k ≠ 0:  ρ(r) = B e^{A_k (r - r_in)/t_k} + ρ_in,k - B,  B = (ρ_out,k - ρ_in,k)/(e^{A_k} - 1),
 * which runs from ρ_in at r_in to ρ_out at r_out and tends to the straight line between them as A_k → 0.
 * F(q) = ∫ 4π r² (ρ(r) - ρ_solvent) sin(qr)/(qr) dr, integrated in closed form shell by shell:
 * constants give solid-sphere terms V(r) 3j1(qr)/(qr), the exponential the antiderivative below.
 */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { countParam, shellCount, vectorParams } from "./shell-vector";
import { shellSizes, uniform } from "./draw";
import { MAX_SHELLS } from "./shell-vector";

const parameters = [
  param("sld_core", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Core scattering length density"),
  param("radius_core", "Ang", 200, [0, INF], "volume", "Radius of the core"),
  param("sld_solvent", "1e-6/Ang^2", 6.4, [-INF, INF], "sld", "Solvent scattering length density"),
  countParam("n_shells", 1, [0, 10], "number of shells (must be integer)"),
  ...vectorParams("sld_in", "1e-6/Ang^2", 1.7, [-INF, INF], "sld", "scattering length density at the inner radius of shell"),
  ...vectorParams("sld_out", "1e-6/Ang^2", 2, [-INF, INF], "sld", "scattering length density at the outer radius of shell"),
  ...vectorParams("thickness", "Ang", 40, [0, INF], "volume", "Thickness of shell"),
  ...vectorParams("A", "", 1, [-INF, INF], "plain", "Decay rate of shell"),
];
const {
  sld_core: SLD_CORE,
  radius_core: RADIUS_CORE,
  sld_solvent: SLD_SOLVENT,
  n_shells: N_SHELLS,
  sld_in1: SLD_IN1,
  sld_out1: SLD_OUT1,
  thickness1: THICKNESS1,
  A1,
} = indexOf(parameters);

function outerRadius(p: Float64Array): number {
  let r = p[RADIUS_CORE];
  const n = shellCount(p[N_SHELLS]);
  for (let k = 0; k < n; k++) r += p[THICKNESS1 + k];
  return r;
}

/**
 * G(r) with dG/dr = 4π r² e^{a r} sin(qr)/(qr), times e^{-a r0} (so that nothing overflows for steep
 * shells): with z = a + iq, ∫ r e^{zr} dr = e^{zr} (r/z - 1/z²), and G = (4π/q) Im of that.
 */
function exponentialAntiderivative(q: number, a: number, r: number, r0: number): number {
  const d = a * a + q * q;
  const d2 = d * d;
  const reU = (r * a * d - (a * a - q * q)) / d2;
  const imU = (2 * a * q - r * q * d) / d2;
  const qr = q * r;
  return ((4 * Math.PI) / q) * Math.exp(a * (r - r0)) * (Math.sin(qr) * reU + Math.cos(qr) * imU);
}

/** F(q) (in 1e-6 Å⁻² Å³) of one parameter point at one q. */
function amplitude(q: number, p: Float64Array, n: number): number {
  let r = p[RADIUS_CORE];
  let f = p[SLD_CORE] * FOUR_PI_3 * r * r * r * sphereAmplitude(q * r);
  for (let k = 0; k < n; k++) {
    const rIn = r;
    const t = p[THICKNESS1 + k];
    // an empty shell holds no material (its decay length A/t would be 0/0)
    if (t === 0) continue;
    r += t;
    const sldIn = p[SLD_IN1 + k];
    const A = p[A1 + k];
    const vIn = FOUR_PI_3 * rIn * rIn * rIn * sphereAmplitude(q * rIn);
    const vOut = FOUR_PI_3 * r * r * r * sphereAmplitude(q * r);
    if (A === 0) {
      f += sldIn * (vOut - vIn);
      continue;
    }
    const b = (p[SLD_OUT1 + k] - sldIn) / Math.expm1(A);
    const a = A / t;
    f += b * (exponentialAntiderivative(q, a, r, rIn) - exponentialAntiderivative(q, a, rIn, rIn)) + (sldIn - b) * (vOut - vIn);
  }
  return f - p[SLD_SOLVENT] * FOUR_PI_3 * r * r * r * sphereAmplitude(q * r);
}

// sasmodels 1.0.6, load_model("onion", dtype="double") + direct_model.call_kernel / call_Fq (SAS_OPENCL=none),
// printed with repr(). Closed form, so agreement is to rounding (A = 1e-4 costs a few digits in both codes:
// B and ρ_in - B nearly cancel).
const SOURCE = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";
// sasmodels' demo profile: flat, falling, nearly linear and rising shells
const DEMO = {
  sld_solvent: 2.2,
  sld_core: 1,
  radius_core: 100,
  n_shells: 4,
  sld_in1: 0.5,
  sld_in2: 1.5,
  sld_in3: 0.9,
  sld_in4: 2,
  sld_out1: 3,
  sld_out2: 0.9,
  sld_out3: 1.2,
  sld_out4: 1.6,
  thickness1: 50,
  thickness2: 75,
  thickness3: 150,
  thickness4: 75,
  A1: 0,
  A2: -1,
  A3: 1e-4,
  A4: 1,
};

export const onion: ScatteringModelDefinition = {
  name: "onion",
  title: "Sphere with up to 10 shells of flat, linear-like or exponential SLD profile",
  description: "F(q) = ∫ 4π r² (ρ(r) - ρ_solvent) sin(qr)/(qr) dr with ρ(r) = B exp(A (r - r_in)/t) + C in each shell; P = F²/V_outer",
  category: "shape:sphere",
  parameters,
  random(rng) {
    // Designed here (sasmodels has no random()): core_multi_shell's sizes
    const { shells, sizes } = shellSizes(rng, MAX_SHELLS);
    // each shell's profile exponent A uniform in -3 – 3 (flat at 0, steep near the ends beyond)
    const out: Record<string, number> = { n_shells: shells, radius_core: sizes[0] };
    for (let k = 1; k <= shells; k++) {
      out[`thickness${k}`] = sizes[k];
      out[`A${k}`] = uniform(rng, -3, 3);
    }
    return out;
  },
  knownValues: [
    {
      parameters: {},
      q: [0.001, 0.01, 0.1, 0.5, 1],
      I: [145945.2744005138, 43469.53691409578, 0.711223490699641, 0.005194617853291059, 0.0010463242060710933],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      parameters: { ...DEMO, background: 0 },
      q: [0.001, 0.01, 0.1, 0.5, 1],
      I: [25034.259097590384, 212.34057165031882, 0.0463443683849812, 8.549532201399112e-5, 2.6956827285137593e-6],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      parameters: { ...DEMO, radius_core_pd: 0.15, radius_core_pd_n: 15, thickness3_pd: 0.1, thickness3_pd_n: 9 },
      q: [0.01, 0.1],
      I: [212.76764796397322, 0.043680948271146866],
      averages: {
        F1: [-275257.6519277912, 164.21137199154887],
        F2: [81749451648.93777, 16398924.128436405],
        radiusEffective: 449.9999999999998,
        volume: 384221175.78681797,
        volumeRatio: 1,
      },
      rtol: 1e-9,
      source: SOURCE,
    },
    // steep profiles (A = 8 and -30)
    {
      parameters: { n_shells: 2, A1: 8, A2: -30, sld_out1: -2, sld_in2: 5, sld_out2: 0, thickness1: 30, thickness2: 10, radius_core: 40, background: 0 },
      q: [0.003, 0.03, 0.3, 1],
      I: [6782.882333719254, 1809.6804204526602, 0.02775485855833534, 2.680677093159349e-5],
      rtol: 1e-9,
      source: SOURCE,
    },
    // random profiles (sasmodels has no random() for onion: 1-4 shells, numpy seed 15), rounded to 6 digits
    {
      parameters: {
        n_shells: 4.0,
        radius_core: 38.3121,
        thickness1: 9.88765,
        A1: -3.1447,
        sld_in1: 5.03908,
        sld_out1: 0.5175,
        thickness2: 19.2037,
        A2: 1.2134,
        sld_in2: 3.21434,
        sld_out2: -0.0881246,
        thickness3: 6.7978,
        A3: 2.30173,
        sld_in3: 0.72386,
        sld_out3: 2.49238,
        thickness4: 15.2525,
        A4: 4.96337,
        sld_in4: 2.90719,
        sld_out4: 0.107262,
        background: 0,
      },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [6216.26330706224, 5310.334858438378, 7.836650731729741, 8.553203036312365e-6],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      parameters: { n_shells: 1.0, radius_core: 40.0589, thickness1: 12.3651, A1: 4.7101, sld_in1: 0.890726, sld_out1: 4.30581, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [1514.988862582965, 1437.8898630075028, 6.322165813303587, 1.5552046201163087e-5],
      rtol: 1e-9,
      source: SOURCE,
    },
  ],
  haveFq: true,
  formVolume: (p) => FOUR_PI_3 * outerRadius(p) ** 3,
  radiusEffectiveModes: ["outer radius"],
  radiusEffective: (_mode, p) => outerRadius(p),
  accumulate(q, p, weight, f1, f2) {
    const n = shellCount(p[N_SHELLS]);
    for (let i = 0; i < q.length; i++) {
      const f = amplitude(q[i], p, n);
      if (f1) f1[i] += weight * 1e-2 * f;
      f2[i] += weight * 1e-4 * f * f;
    }
  },
};
