/**
 * stickyhardsphere: structure factor of hard spheres with a narrow attractive square well, from the
 * perturbative Percus–Yevick solution of Menon, Manohar & Rao (J. Chem. Phys. 95 (1991) 9186), which
 * reduces to Baxter's adhesive ("sticky") hard spheres.
 *
 * Spheres of hard-core diameter σ = 2 radius_effective attract each other with a well of width Δ and
 * depth U₀. The perturbation parameter ε = perturb = Δ/(σ + Δ) and the stickiness
 * τ = exp(-U₀/kT)/(12ε) (smaller τ, stronger attraction) are the fit parameters. The solution is that
 * of spheres of the outer diameter a = σ/(1-ε) = σ + Δ at the volume fraction η = φ/(1-ε)³, in Baxter's
 * factorised form
 *   S(q) = 1/|Q̂(qa)|²,   Q̂(k) = 1 - 12η ∫₀¹ Q(t) e^{ikt} dt,
 *   Q(t) = (α/2)(t² - 1) + β(t - 1) + λ/12   (0 ≤ t ≤ 1),
 *   α = (1 + 2η - μ)/(1-η)²,   β = (μ - 3η)/(2(1-η)²),   μ = λη(1-η),
 * with λ the smaller root of (η/12)λ² - (τ + η/(1-η))λ + (1 + η/2)/(1-η)² = 0 (the larger one is
 * unphysical). As τ → ∞, λ → 0 and S(q) becomes the Percus–Yevick hard-sphere S(q) for diameter a and
 * volume fraction η. Parameter sets without a physical root (complex λ, or μ > 1 + 2η) are rejected
 * as input errors, where sasmodels returns S = -1.
 */
import { SasInputError } from "../errors";
import { fillTrigMoments } from "../numerics/trig-moments";
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

/** Baxter parameters of one state point: the scaled volume fraction η and the coefficients of Q(t). */
interface StickyState {
  eta: number;
  diameter: number;
  /** Q(t) = q0 + q1 t + q2 t² on [0, 1]. */
  q0: number;
  q1: number;
  q2: number;
}

function stickyState(radiusEffective: number, volfraction: number, perturb: number, stickiness: number): StickyState {
  const shrink = 1 - perturb;
  const eta = volfraction / (shrink * shrink * shrink);
  const diameter = (2 * radiusEffective) / shrink;
  if (!(eta < 1)) {
    throw new SasInputError(`stickyhardsphere: volfraction/(1-perturb)³ = ${eta} must be < 1`, "volfraction");
  }
  const om = 1 - eta;
  // (η/12) λ² - b λ + c = 0; smaller root, written to avoid cancellation (and to allow η → 0)
  const b = stickiness + eta / om;
  const c = (1 + 0.5 * eta) / (om * om);
  const disc = b * b - (eta / 3) * c;
  if (disc < 0) {
    throw new SasInputError(
      `stickyhardsphere: no physical solution (complex λ) for stickiness ${stickiness}, volfraction ${volfraction}, perturb ${perturb}: increase stickiness`,
      "stickiness",
    );
  }
  const root = Math.sqrt(disc);
  let lambda: number;
  if (b > 0) lambda = (2 * c) / (b + root);
  else if (eta > 0) lambda = ((b - root) * 6) / eta;
  else lambda = Number.NEGATIVE_INFINITY; // η = 0 and b <= 0: the equation has no finite root
  const mu = lambda * eta * om;
  if (!Number.isFinite(lambda) || mu > 1 + 2 * eta) {
    throw new SasInputError(
      `stickyhardsphere: unphysical solution (μ = λη(1-η) > 1 + 2η) for stickiness ${stickiness}, volfraction ${volfraction}, perturb ${perturb}`,
      "stickiness",
    );
  }
  const alpha = (1 + 2 * eta - mu) / (om * om);
  const beta = (mu - 3 * eta) / (2 * om * om);
  return { eta, diameter, q0: lambda / 12 - 0.5 * alpha - beta, q1: beta, q2: 0.5 * alpha };
}

const cosMoments = new Float64Array(3);
const sinMoments = new Float64Array(3);

function stickyFromState(q: number, st: StickyState): number {
  // no particles, or (as in hardsphere) a vanishing radius: no interaction
  if (st.eta === 0 || st.diameter < 1e-12) return 1;
  fillTrigMoments(Math.abs(q * st.diameter), cosMoments, sinMoments);
  const w = 12 * st.eta;
  const re = 1 - w * (st.q0 * cosMoments[0] + st.q1 * cosMoments[1] + st.q2 * cosMoments[2]);
  const im = w * (st.q0 * sinMoments[0] + st.q1 * sinMoments[1] + st.q2 * sinMoments[2]);
  return 1 / (re * re + im * im);
}

/** Whether the perturbative solution exists at these parameters (the size does not matter). */
function stickyValid(volfraction: number, perturb: number, stickiness: number): boolean {
  try {
    stickyState(1, volfraction, perturb, stickiness);
    return true;
  } catch (err) {
    if (err instanceof SasInputError) return false;
    throw err;
  }
}

/** S(q) of the sticky hard-sphere model (throws SasInputError where the solution is unphysical). */
export function stickyHardSphere(q: number, radiusEffective: number, volfraction: number, perturb: number, stickiness: number): number {
  if (volfraction === 0) return 1;
  return stickyFromState(q, stickyState(radiusEffective, volfraction, perturb, stickiness));
}

const parameters = [
  param("radius_effective", "Ang", 50, [0, INF], "volume", "hard-core radius of the interaction"),
  param("volfraction", "", 0.2, [0, 0.74], "plain", "volume fraction of the interacting spheres"),
  param("perturb", "", 0.05, [0.01, 0.1], "plain", "well width over outer diameter, Δ/(σ+Δ)"),
  param("stickiness", "", 0.2, [-INF, INF], "plain", "Baxter stickiness τ (smaller: stronger adhesion)"),
];
const { radius_effective: RADIUS_EFFECTIVE, volfraction: VOLFRACTION, perturb: PERTURB, stickiness: STICKINESS } = indexOf(parameters);

export const stickyhardsphere = {
  ...pointwiseModel(
    {
      name: "stickyhardsphere",
      title: "Sticky hard sphere structure factor, with Percus-Yevick closure",
      description:
        "Interparticle S(q) of hard spheres with a narrow attractive well (perturbative PY solution, Menon et al. 1991); " +
        "smaller stickiness means stronger attraction. Fits easily wander into unphysical parameters.",
      category: "structure-factor",
      parameters,
      random(rng) {
        // sasmodels' law, redrawn until the perturbative PY solution exists (most high-φ, low-τ draws fail)
        for (;;) {
          const draw = {
            radius_effective: log10Uniform(rng, 1, 4.7),
            volfraction: uniform(rng, 1e-5, 0.74),
            perturb: log10Uniform(rng, -2, -1),
            stickiness: rng.next(),
          };
          if (stickyValid(draw.volfraction, draw.perturb, draw.stickiness)) return draw;
        }
      },
      knownValues: [
        {
          parameters: { scale: 1, background: 0, radius_effective: 50, perturb: 0.05, stickiness: 0.2, volfraction: 0.1 },
          q: [0.001, 0.003],
          I: [1.09718, 1.08783],
          rtol: 5e-6,
          source: "sasmodels models/stickyhardsphere.py tests",
        },
      ],
    },
    (q, p) => stickyHardSphere(q, p[RADIUS_EFFECTIVE], p[VOLFRACTION], p[PERTURB], p[STICKINESS]),
  ),
  structureFactor: true,
};
