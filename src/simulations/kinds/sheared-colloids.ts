/**
 * Sheared dilute colloids (Ding, Chen & Do 2024, paper 003): 2D Monte Carlo speckle patterns before
 * and after affine shear plus non-affine displacement, and their correlation g(q), g(θ), one curve
 * g(q) per state point (q·R0, reduced), with g(θ), its errors and the mean intensity in the curve's
 * parameters. Where each parameter holds is checked by the compute module (resolveColloidSpec).
 */
import { Type, type Static } from "@sinclair/typebox";
import { ColloidSpecError, resolveColloidSpec, simulateShearedColloidsParallel, type ShearedColloidSpec } from "../../compute/particles/colloids";
import { badInput } from "../../services/errors";
import type { CurveRecord } from "../../formats/curve";
import { statePoints, sweepFields, workUnits } from "../state-point-sweep";
import { defineSimulationKind } from "../simulation-kind";

export const COLLOID_POINT = Type.Object(
  {
    nL2: Type.Number({ unit: "", description: "Number density times beam area, n L² (paper: 100-200)" }),
    radiusSpread: Type.Number({ default: 0, unit: "", description: "R_s: standard deviation of ln R (0: monodisperse)" }),
    d2: Type.Number({ unit: "R0", description: "D_2: standard deviation of the Gaussian non-affine displacement" }),
    gammaL: Type.Number({ unit: "R0", description: "Affine shear strain times beam side, γL" }),
    realisations: Type.Integer({ description: "Independent configurations averaged (paper: 10⁴)" }),
    seed: Type.Integer({ minimum: 0, default: 0 }),
    qCount: Type.Optional(Type.Integer({ description: "Log-spaced q points (default 100)" })),
    thetaCount: Type.Optional(Type.Integer({ description: "Angles in [0, π] (default 101)" })),
    qMin: Type.Optional(Type.Number({ unit: "1/R0", description: "Smallest q·R0 (default 0.5)" })),
    qMax: Type.Optional(Type.Number({ unit: "1/R0", description: "Largest q·R0 (default 5)" })),
    beamSide: Type.Optional(Type.Number({ unit: "R0", description: "Beam side L in units of R0 (default 800)" })),
  },
  { additionalProperties: false },
);

export const COLLOID_RANGE_NAMES = ["nL2", "radiusSpread", "d2", "gammaL"] as const;

export const SHEARED_COLLOIDS_INPUT = Type.Object({ ...COLLOID_POINT.properties, ...sweepFields(COLLOID_RANGE_NAMES) }, { additionalProperties: false });
export type ShearedColloidsJobInput = Static<typeof SHEARED_COLLOIDS_INPUT>;

/** Server bounds. A work unit is one (particle, q, theta) phase; paper 003's runs are 1.6e11 per point. */
export const COLLOID_LIMITS = {
  realisations: 1_000_000,
  qCount: 2000,
  thetaCount: 2000,
  /** Cells of the (q, theta) grid: several arrays of it per batch. */
  gridCells: 1_000_000,
  pointWork: 2e12,
  sweepWork: 1e13,
};

const field = (f: string) => `shearedColloids.${f}`;

function resolved(input: ShearedColloidsJobInput) {
  return statePoints(input, "shearedColloids").map((p) => {
    try {
      return resolveColloidSpec(p);
    } catch (err) {
      if (err instanceof ColloidSpecError) throw badInput(err.message, field(String(err.field)));
      throw err;
    }
  });
}

export const shearedColloids = defineSimulationKind({
  name: "sheared-colloids",
  inputField: "shearedColloids",
  queue: "simulation-sheared-colloids",
  expireInSeconds: 24 * 3600,
  summary: "sheared dilute colloids and the correlation g of their speckle (paper 003)",
  input: SHEARED_COLLOIDS_INPUT,

  check(input) {
    resolved(input);
  },

  checkWork(input) {
    const L = COLLOID_LIMITS;
    let total = 0;
    for (const p of resolved(input)) {
      if (p.realisations > L.realisations) throw badInput(`realisations ${p.realisations} is over the limit of ${L.realisations}`, field("realisations"));
      if (p.qCount > L.qCount) throw badInput(`qCount ${p.qCount} is over the limit of ${L.qCount}`, field("qCount"));
      if (p.thetaCount > L.thetaCount) throw badInput(`thetaCount ${p.thetaCount} is over the limit of ${L.thetaCount}`, field("thetaCount"));
      if (p.qCount * p.thetaCount > L.gridCells) {
        throw badInput(`qCount x thetaCount is ${p.qCount * p.thetaCount} grid cells, over the limit of ${L.gridCells}`, field("thetaCount"));
      }
      const work = p.realisations * p.particleCount * p.qCount * p.thetaCount;
      if (work > L.pointWork) {
        throw badInput(
          `realisations x particles (4 nL2 = ${p.particleCount}) x qCount x thetaCount is ${workUnits(work)} work units, over the limit of ${workUnits(L.pointWork)} per state point`,
          field("realisations"),
        );
      }
      total += work;
    }
    if (total > L.sweepWork) {
      throw badInput(
        `the sweep's state points add up to ${workUnits(total)} work units, over the limit of ${workUnits(L.sweepWork)}: use fewer state points or realisations`,
        field("count"),
      );
    }
  },

  steps(input): ShearedColloidSpec[] {
    return statePoints(input, "shearedColloids");
  },

  /** On all cores: whole jackknife batches per worker thread, bit-identical to the single-threaded run. */
  compute(spec: ShearedColloidSpec, progress) {
    return simulateShearedColloidsParallel(spec, { onProgress: progress });
  },

  stepLabel: (_spec, k, of) => `state point ${k + 1} of ${of}`,

  toDataset(input, results) {
    const records: CurveRecord[] = results.map((r) => ({
      title: `g(q) nL2=${r.spec.nL2} R_s=${r.spec.radiusSpread} D_2=${r.spec.d2} gammaL=${r.spec.gammaL}`,
      q: r.q,
      intensity: r.gq,
      dI: r.gqStdErr.every(Number.isFinite) ? r.gqStdErr : null,
      dQ: null,
      qUnit: "REDUCED",
      intensityUnit: "ARBITRARY",
      parameters: {
        quantity: "g(q)",
        nL2: r.spec.nL2,
        R_s: r.spec.radiusSpread,
        D_2: r.spec.d2,
        gammaL: r.spec.gammaL,
        realisations: r.spec.realisations,
        seed: r.spec.seed,
        beamSide: r.spec.beamSide,
        meanParticlesInBeam: r.meanParticlesInBeam,
        theta: Array.from(r.theta),
        g_theta: Array.from(r.gTheta),
        g_theta_stderr: Array.from(r.gThetaStdErr).map((v) => (Number.isFinite(v) ? v : null)),
      },
    }));
    const { ranges = [], sampling = "GRID", count = 1, ...base } = input;
    return {
      records,
      description: `Sheared dilute colloids (Ding, Chen & Do 2024): correlation g(q) of speckle patterns before and after affine shear plus non-affine displacement, ${records.length} state point(s).`,
      keywords: ["simulation", "sheared-colloids", "xpcs", "correlation"],
      metadata: {
        simulation: "sheared-colloids",
        lengthUnit: "R0 (mean particle radius)",
        qUnit: "q·R0 (reduced)",
        base,
        ranges,
        sampling,
        curves: "g(q) radial average; parameters.theta and parameters.g_theta give the angular average g(theta)",
      },
      activity: {
        label: `sheared colloids, ${records.length} state point(s)`,
        seed: base.seed,
        parameters: {
          kind: "sheared-colloids",
          base,
          ranges,
          sampling,
          count,
          method: "2D Monte Carlo, eq. 1-4 of Ding, Chen & Do (2024)",
          backend: "typed arrays, one worker thread",
        },
      },
    };
  },
});
