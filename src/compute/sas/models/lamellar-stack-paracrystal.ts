/**
 * lamellar_stack_paracrystal (Bergström/Pedersen): randomly oriented stacks of N sheets of thickness δ
 * whose spacings scatter as a Gaussian of relative width σ_d about d. I = 2π Δρ² P(q) Z_N(q)/q² with
 * P = [sin(qδ/2)/(qδ/2)]² and the paracrystal lattice factor Z_N (· 1e-4 for 1/cm). A non-integer N
 * mixes the two neighbouring integers linearly, as sasmodels does. sasmodels declares form_volume = 1.
 * Ref: M. Bergström, J. S. Pedersen, P. Schurtenberger, S. U. Egelhaaf, J. Phys. Chem. B 103 (1999) 9888-9897.
 */
import { sinc } from "../numerics/spherical";
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform, integer, beta } from "./draw";

const parameters = [
  param("thickness", "Ang", 33, [0, INF], "volume", "sheet thickness"),
  param("Nlayers", "", 20, [1, INF], "plain", "Number of layers"),
  param("d_spacing", "Ang", 250, [0, INF], "plain", "lamellar spacing of paracrystal stack"),
  param("sigma_d", "Ang", 0, [0, INF], "plain", "Sigma (polydispersity) of the lamellar spacing"),
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "layer scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6.34, [-INF, INF], "sld", "Solvent scattering length density"),
];
const { thickness: THICKNESS, Nlayers: NLAYERS, d_spacing: D_SPACING, sigma_d: SIGMA_D, sld: SLD, sld_solvent: SLD_SOLVENT } = indexOf(parameters);

/** Above this many layers the closed form is always used (the direct sum would cost N per q). */
const DIRECT_SUM_LAYERS = 4096;
/**
 * Below this |1 - z|² (near a Bragg peak of a narrow spacing distribution, where the closed form's
 * two terms, each ~1/|1 - z|, nearly cancel to ~N), up to DIRECT_SUM_LAYERS layers are summed term by term.
 */
const CLOSED_FORM_MIN_DEN = 0.05;
/** Steps of the complex power between fresh evaluations, so its rounding stays below ~256 ulp. */
const REANCHOR = 256;

/** Terms summed per q for a given Nlayers (at least 1): the direct sum's, the most a q can cost. */
export function paracrystalTerms(nLayers: number): number {
  const n1 = Math.trunc(nLayers);
  return n1 + 1 > DIRECT_SUM_LAYERS ? 1 : Math.max(1, 2 * n1);
}

/**
 * Z_N = 1 + 2 Σ_{k=1}^{N-1} (1 - k/N) w^k cos(kθ) for w = exp(lnW) = exp(-(qσd)²/2), θ = qd.
 * Closed form: with z = w e^{iθ}, Z_N = 1 + 2 Re[z (N(1 - z) - (1 - z^N)) / (N (1 - z)²)], where
 * 1 - z and 1 - z^N are formed without cancellation (1 - w = -expm1(lnW), 1 - cos x = 2 sin²(x/2)).
 * sasmodels' real form divides by (1 + w² - 2w cos θ)² and so loses digits as 1/|1 - z|⁴ near the
 * Bragg peaks; this one as 1/|1 - z|. Closer still to a peak (|1 - z|² < CLOSED_FORM_MIN_DEN) and for
 * N <= DIRECT_SUM_LAYERS the sum is taken term by term (no cancellation): z^k is stepped by complex
 * multiplication (|z| <= 1: about an ulp of error a step) and restarted every REANCHOR steps.
 */
export function paracrystalLatticeFactor(n: number, lnW: number, theta: number): number {
  const w = Math.exp(lnW);
  const half = Math.sin(0.5 * theta);
  // a = 1 - z
  const ar = -Math.expm1(lnW) + 2 * w * half * half;
  const ai = -w * Math.sin(theta);
  const den = ar * ar + ai * ai;
  if (n > DIRECT_SUM_LAYERS || den >= CLOSED_FORM_MIN_DEN) {
    // b = 1 - z^N
    const wn = Math.exp(n * lnW);
    const halfN = Math.sin(0.5 * n * theta);
    const br = -Math.expm1(n * lnW) + 2 * wn * halfN * halfN;
    const bi = -wn * Math.sin(n * theta);
    const zr = w * Math.cos(theta);
    const zi = w * Math.sin(theta);
    // numerator z (N a - b), denominator N a²
    const u = n * ar - br;
    const v = n * ai - bi;
    const pr = zr * u - zi * v;
    const pi = zr * v + zi * u;
    const qr = n * (ar * ar - ai * ai);
    const qi = 2 * n * ar * ai;
    return 1 + (2 * (pr * qr + pi * qi)) / (qr * qr + qi * qi);
  }
  const zr = w * Math.cos(theta);
  const zi = w * Math.sin(theta);
  let re = 1;
  let im = 0;
  let sum = 0;
  for (let k = 1; k < n; k++) {
    if (k % REANCHOR === 0) {
      const wk = Math.pow(w, k);
      re = wk * Math.cos(k * theta);
      im = wk * Math.sin(k * theta);
    } else {
      const r = re * zr - im * zi;
      im = re * zi + im * zr;
      re = r;
    }
    sum += (1 - k / n) * re;
  }
  return 1 + 2 * sum;
}

const PUBLISHED = "sasmodels models/lamellar_stack_paracrystal.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const lamellarStackParacrystal = pointwiseModel(
  {
    name: "lamellar_stack_paracrystal",
    title: "Random lamellar sheet with paracrystal structure factor",
    description: "I(q) = 2π Δρ² P(q) Z_N(q)/q² + background, P = sinc²(qδ/2), Z_N the paracrystal factor of N sheets with Gaussian spacings",
    category: "shape:lamellae",
    parameters,
    random(rng) {
      // a stack 100 Å – 50 µm thick of 2 – 199 layers; the bilayer fills a uniform fraction of its period
      const total = log10Uniform(rng, 2, 4.7);
      const layers = integer(rng, 2, 200);
      const d = total / layers;
      const thickness = d * rng.next();
      // relative spacing spread ~ Beta(1.5, 7): peaked near 15 %
      return { thickness, Nlayers: layers, d_spacing: d, sigma_d: beta(rng, 1.5, 7) };
    },
    // up to two direct sums of about Nlayers terms per q (none above DIRECT_SUM_LAYERS): the price of a request
    orientationPoints: (_qMax, p) => paracrystalTerms(p[NLAYERS]),
    knownValues: [
      // printed from an older release: sasmodels' kernel now gives 21829.3291 and 0.0048767376, as we do
      {
        parameters: {
          scale: 1.0,
          background: 0.0,
          thickness: 33.0,
          Nlayers: 20.0,
          d_spacing: 250.0,
          sigma_d: 0.2,
          sld: 1.0,
          sld_solvent: 6.34,
          thickness_pd: 0.0,
          thickness_pd_n: 40,
        },
        q: [0.001, 0.215268],
        I: [21829.3, 0.00487686],
        rtol: 0.0001,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [20640.6780473955, 0.172674660543306, 97.9288834014652, 7.00228030052532, 0.00544472158212056, 1.85669775596929e-6],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { thickness: 40, Nlayers: 5.3, d_spacing: 120, sigma_d: 0.1, sld: 0.2, sld_solvent: 6.3, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [119813.478422196, 13.889999536847, 22.9484714696255, 0.84934489269563, 0.000563191607903929, 4.87157075277476e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { thickness: 25, Nlayers: 1, d_spacing: 80, sigma_d: 0.3, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [17915.9467427956, 178.237570055206, 6.28085094371433, 1.03266796264236, 0.00462469394081375, 5.04378122405839e-7],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { thickness: 33, Nlayers: 6000, d_spacing: 250, sigma_d: 0.1, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [277.795611726469, 3.09657636099457, 15.169758364603, 0.71347948621729, 0.00767459351754496, 3.33420712211694e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { thickness: 33, Nlayers: 300, d_spacing: 250, sigma_d: 0.05, thickness_pd: 0.1, thickness_pd_n: 21, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [236.802417407604, 1.11956704598115, 51.561894300677, 1.71884908456682, 0.00665791624763246, 3.38129311956146e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const d = p[D_SPACING];
    const nLayers = p[NLAYERS];
    const n1 = Math.trunc(nLayers);
    const lower = n1 + 1 - nLayers; // weight of n1 layers; n1 + 1 takes the rest
    const x = q * p[SIGMA_D] * d;
    const lnW = -0.5 * x * x;
    const theta = q * d;
    let z = lower * paracrystalLatticeFactor(n1, lnW, theta);
    if (lower !== 1) z += (1 - lower) * paracrystalLatticeFactor(n1 + 1, lnW, theta);
    const contrast = p[SLD] - p[SLD_SOLVENT];
    const pb = sinc(0.5 * q * p[THICKNESS]);
    return (2e-4 * Math.PI * contrast * contrast * pb * pb * z) / (q * q);
  },
);
