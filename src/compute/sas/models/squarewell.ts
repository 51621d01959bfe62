/**
 * squarewell: structure factor of spheres with a square-well potential in the mean spherical
 * approximation, after Sharma & Sharma (Physica 89A (1977) 213).
 *
 * U(r) = ∞ for r < σ = 2 radius_effective, -ε for σ ≤ r < λσ, 0 beyond; welldepth = ε/kT (positive is
 * attractive) and wellwidth = λ in diameters. S(q) = 1/(1 - ρ ĉ(q)) with ρ = 6φ/(πσ³) and the direct
 * correlation function, in x = r/σ,
 *   c(x) = -(A + B x + G x³)   for x < 1   (a Percus–Yevick-shaped core),
 *   c(x) = ε/kT                for 1 ≤ x < λ (the MSA closure c = -U/kT),
 *   c(x) = 0                   beyond,
 * where the core coefficients, with N = 1 + 4φ + 4φ² - 4φ³ + φ⁴,
 *   A = N/(1-φ)⁴,   B = -(φ/3)(18 + 20φ - 12φ² + φ⁴)/(1-φ)⁴,   G = φA/2,
 * make S(0) = (1-φ)⁴/N, the Carnahan–Starling compressibility. So at welldepth = 0 this is a hard-sphere
 * S(q) that is close to, but not the same as, the Percus–Yevick one of hardsphere.
 * With k = qσ: ρĉ(q) = 24φ [ -(1/k)∫₀¹ (A x + B x² + G x⁴) sin(kx) dx + (ε/kT)(1/k)∫₁^λ x sin(kx) dx ].
 * The MSA is only trustworthy for shallow wells and dilute systems (about ε < 1.5 kT, φ < 0.08).
 */
import { fillTrigMoments } from "../numerics/trig-moments";
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const cosMoments = new Float64Array(5);
const sinMoments = new Float64Array(5);

/** S(q) of the MSA square well. */
export function squareWell(q: number, radiusEffective: number, volfraction: number, welldepth: number, wellwidth: number): number {
  const phi = volfraction;
  // no particles, or (as in hardsphere) a vanishing radius: no interaction
  if (phi === 0 || Math.abs(radiusEffective) < 1e-12) return 1;
  const om = 1 - phi;
  const om4 = om * om * om * om;
  const phi2 = phi * phi;
  const n = 1 + 4 * phi + 4 * phi2 - 4 * phi2 * phi + phi2 * phi2;
  const a = n / om4;
  const b = (-(phi / 3) * (18 + 20 * phi - 12 * phi2 + phi2 * phi2)) / om4;
  const g = 0.5 * phi * a;
  const k = Math.abs(2 * q * radiusEffective);
  if (k === 0) return om4 / (n - 8 * phi * welldepth * (wellwidth ** 3 - 1) * om4); // q = 0 limit
  fillTrigMoments(k, cosMoments, sinMoments);
  // (1/k) ∫₀¹ x·c_core-polynomial sin(kx) dx; near k = 0 each moment S_n ~ k/(n+2), so divide exactly
  const core = (a * sinMoments[1] + b * sinMoments[2] + g * sinMoments[4]) / k;
  // ∫₁^λ x sin(kx) dx = λ² S₁(λk) - S₁(k)
  const inner = sinMoments[1];
  fillTrigMoments(wellwidth * k, cosMoments, sinMoments);
  const well = (wellwidth * wellwidth * sinMoments[1] - inner) / k;
  const rhoC = 24 * phi * (-core + welldepth * well);
  return 1 / (1 - rhoC);
}

const parameters = [
  param("radius_effective", "Ang", 50, [0, INF], "volume", "hard-core radius of the interaction"),
  param("volfraction", "", 0.04, [0, 0.08], "plain", "volume fraction of the interacting spheres"),
  param("welldepth", "kT", 1.5, [0, 1.5], "plain", "well depth in units of kT (positive: attractive)"),
  param("wellwidth", "diameters", 1.2, [1, INF], "plain", "outer edge of the well as a multiple of the hard-core diameter 2R (at least 1)"),
];
const { radius_effective: RADIUS_EFFECTIVE, volfraction: VOLFRACTION, welldepth: WELLDEPTH, wellwidth: WELLWIDTH } = indexOf(parameters);

export const squarewell = {
  ...pointwiseModel(
    {
      name: "squarewell",
      title: "Square well structure factor, with MSA closure",
      description:
        "Interparticle S(q) of hard spheres with a square well of depth welldepth (kT) and width wellwidth (diameters), " +
        "mean spherical approximation (Sharma & Sharma 1977); reliable only for shallow wells and low volume fractions.",
      category: "structure-factor",
      parameters,
      random(rng) {
        return {
          radius_effective: log10Uniform(rng, 1, 4.7),
          volfraction: uniform(rng, 1e-5, 0.08),
          welldepth: uniform(rng, 0, 1.5),
          wellwidth: uniform(rng, 1, 1.2),
        };
      },
      knownValues: [
        {
          parameters: { scale: 1, background: 0, radius_effective: 50, volfraction: 0.04, welldepth: 1.5, wellwidth: 1.2 },
          q: [0.001],
          I: [0.97665742],
          rtol: 1e-8,
          source: "sasmodels models/squarewell.py tests",
        },
      ],
    },
    (q, p) => squareWell(q, p[RADIUS_EFFECTIVE], p[VOLFRACTION], p[WELLDEPTH], p[WELLWIDTH]),
  ),
  structureFactor: true,
};
