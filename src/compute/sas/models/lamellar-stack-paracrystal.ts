/**
 * lamellar_stack_paracrystal (Bergström/Pedersen): randomly oriented stacks of N sheets of thickness δ
 * whose spacings scatter as a Gaussian of relative width σ_d about d. I = 2π Δρ² P(q) Z_N(q)/q² with
 * P = [sin(qδ/2)/(qδ/2)]² and the paracrystal lattice factor Z_N (· 1e-4 for 1/cm). A non-integer N
 * mixes the two neighbouring integers linearly, as sasmodels does. sasmodels declares form_volume = 1.
 * Ref: M. Bergström, J. S. Pedersen, P. Schurtenberger, S. U. Egelhaaf, J. Phys. Chem. B 103 (1999) 9888-9897.
 */
import { sinc } from "../numerics/spherical";
import { INF, indexOf, param, pointwiseModel } from "./define";

const parameters = [
  param("thickness", "Ang", 33, [0, INF], "volume", "sheet thickness"),
  param("Nlayers", "", 20, [1, INF], "plain", "Number of layers"),
  param("d_spacing", "Ang", 250, [0, INF], "plain", "lamellar spacing of paracrystal stack"),
  param("sigma_d", "Ang", 0, [0, INF], "plain", "Sigma (polydispersity) of the lamellar spacing"),
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "layer scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6.34, [-INF, INF], "sld", "Solvent scattering length density"),
];
const { thickness: THICKNESS, Nlayers: NLAYERS, d_spacing: D_SPACING, sigma_d: SIGMA_D, sld: SLD, sld_solvent: SLD_SOLVENT } = indexOf(parameters);

/** Below this many layers Z_N is summed term by term; above, the closed form is both fast and well conditioned enough. */
const DIRECT_SUM_LAYERS = 4096;

/**
 * Z_N = 1 + 2 Σ_{k=1}^{N-1} (1 - k/N) w^k cos(kθ) for w = exp(-(qσd)²/2), θ = qd. The direct sum has
 * no cancellation, where the geometric closed form (which sasmodels evaluates) subtracts nearly equal
 * numbers at low q; z^k = (w e^{iθ})^k is stepped by complex multiplication (error ~ k ulp, |z| <= 1).
 */
/** Terms summed per q for a given Nlayers (at least 1). */
export function paracrystalTerms(nLayers: number): number {
  const n1 = Math.trunc(nLayers);
  return n1 + 1 > DIRECT_SUM_LAYERS ? 1 : Math.max(1, 2 * n1);
}

export function paracrystalLatticeFactor(n: number, w: number, theta: number): number {
  if (n <= DIRECT_SUM_LAYERS) {
    const zr = w * Math.cos(theta);
    const zi = w * Math.sin(theta);
    let re = 1;
    let im = 0;
    let sum = 0;
    for (let k = 1; k < n; k++) {
      const r = re * zr - im * zi;
      im = re * zi + im * zr;
      re = r;
      sum += (1 - k / n) * re;
    }
    return 1 + 2 * sum;
  }
  // (1 - w)² + 4w sin²(θ/2) is 1 + w² - 2w cos θ without its cancellation
  const s = Math.sin(0.5 * theta);
  const den = (1 - w) * (1 - w) + 4 * w * s * s;
  const c = Math.cos(theta);
  const an =
    4 * w * w -
    2 * (w * w * w + w) * c -
    4 * Math.pow(w, n + 2) * Math.cos(n * theta) +
    2 * Math.pow(w, n + 3) * Math.cos((n - 1) * theta) +
    2 * Math.pow(w, n + 1) * Math.cos((n + 1) * theta);
  return an / (n * den * den) + (1 - w * w) / den;
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
    const w = Math.exp(-0.5 * x * x);
    const theta = q * d;
    let z = lower * paracrystalLatticeFactor(n1, w, theta);
    if (lower !== 1) z += (1 - lower) * paracrystalLatticeFactor(n1 + 1, w, theta);
    const contrast = p[SLD] - p[SLD_SOLVENT];
    const pb = sinc(0.5 * q * p[THICKNESS]);
    return (2e-4 * Math.PI * contrast * contrast * pb * pb * z) / (q * q);
  },
);
