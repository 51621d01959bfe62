/**
 * Polydisperse hard spheres (Ding et al. 2025, paper 000): configurations by event-chain Monte Carlo
 * (or the authors' MD protocol) and I(Q) of eq. 2, one curve per state point. Lengths in units of the
 * mean diameter D0 = 1, Q in 1/D0 (REDUCED), I normalised so that I -> P(Q) with P(0) = 1.
 */
import { Type, type Static } from "@sinclair/typebox";
import {
  DIAMETER_DISTRIBUTIONS,
  DIAMETER_SAMPLINGS,
  fibonacciDirections,
  HARD_SPHERE_METHODS,
  SCATTERING_ESTIMATORS,
  MAX_MD_STEPS,
  PAPER_MD_DEFAULTS,
  paperDirections,
  paperMdSteps,
  simulateStatePoint,
  type HardSphereSystemSpec,
} from "../../compute/particles/hardspheres";
import { qGrid } from "../../compute/sampling";
import { badInput } from "../../services/errors";
import type { CurveRecord } from "../../formats/curve";
import { parseInput, oneOf } from "../../services/input-schema";
import { statePoints, sweepFields, workUnits } from "../state-point-sweep";
import { defineSimulationKind, type Attachment } from "../simulation-kind";

/** One state point; bounds here are where the model holds (the CLI checks them too). */
export const HARD_SPHERE_POINT = Type.Object(
  {
    distribution: oneOf(DIAMETER_DISTRIBUTIONS, { description: "Diameter distribution: U(1-σ, 1+σ), N(1, σ) or ln D ~ N(0, σ)" }),
    sigma: Type.Number({
      minimum: 0,
      maximum: 0.9,
      unit: "D0",
      description: "Polydispersity σ (paper: up to 0.3 uniform, 0.12 normal and lognormal; at most 0.9 uniform, 0.5 otherwise)",
    }),
    diameterSampling: Type.Optional(oneOf(DIAMETER_SAMPLINGS, { default: "stratified" })),
    eta: Type.Number({ exclusiveMinimum: 0, maximum: 0.55, unit: "", description: "Volume fraction η (up to 0.55)" }),
    n: Type.Integer({ minimum: 2, default: 4000, description: "Number of spheres (paper: 23 328)" }),
    configurations: Type.Integer({ minimum: 1, default: 10, description: "Configurations averaged (paper: 100)" }),
    seed: Type.Integer({ minimum: 0, default: 0 }),
    qMin: Type.Number({ exclusiveMinimum: 0, default: 3, unit: "1/D0", description: "Smallest Q·D0" }),
    qMax: Type.Number({ exclusiveMinimum: 0, default: 13, unit: "1/D0", description: "Largest Q·D0" }),
    qCount: Type.Integer({ minimum: 2, default: 100, description: "Points of the uniform Q grid" }),
    directions: Type.Optional(Type.Integer({ minimum: 1, description: "Directions per configuration (Fibonacci set); default the paper's 50 × 100 grid" })),
    keepConfigurations: Type.Boolean({ default: false, description: "Keep the last configuration of each state point as a file" }),
    estimator: Type.Optional(oneOf(SCATTERING_ESTIMATORS, { default: "paper" })),
    method: Type.Optional(oneOf(HARD_SPHERE_METHODS, { default: "event-chain" })),
    timeStep: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 0.01, unit: "tau", description: "paper-md only: time step (default 0.001, the authors')" }),
    ),
  },
  { additionalProperties: false },
);
export type HardSpherePoint = Static<typeof HARD_SPHERE_POINT>;

export const HARD_SPHERE_RANGE_NAMES = ["eta", "sigma"] as const;

export const HARD_SPHERES_INPUT = Type.Object({ ...HARD_SPHERE_POINT.properties, ...sweepFields(HARD_SPHERE_RANGE_NAMES) }, { additionalProperties: false });
export type HardSpheresJobInput = Static<typeof HARD_SPHERES_INPUT>;

/**
 * Server bounds. A work unit is one (sphere, Q, direction) phase. The README's paper-size examples
 * use well under a tenth of each.
 */
export const HARD_SPHERE_LIMITS = {
  n: 200_000,
  configurations: 1000,
  directions: 20_000,
  qCount: 2000,
  mdParticleSteps: 1e11,
  /** n x configurations x qCount x directions (paper 000 size, 23 328 x 100 x 100 x 5000: 1.2e12). */
  pointWork: 1.2e13,
  /** Configurations sampled: n x configurations (sweeps of the sampler). */
  samples: 5e7,
  sweepWork: 6e13,
};

/** Directions of the paper's I(Q) grid (50 x 100), and the reciprocal vectors COMMENSURATE averages at most. */
const PAPER_DIRECTIONS = 5000;
const COMMENSURATE_VECTORS = 400;

const field = (f: string) => `hardSpheres.${f}`;

/** The science rules across fields, for one state point (the CLI runs them too). */
export function checkHardSpherePoint(p: HardSpherePoint, at: (f: string) => string = field): void {
  const maxSigma = p.distribution === "uniform" ? 0.9 : 0.5;
  if (p.sigma > maxSigma) throw badInput(`sigma ${p.sigma} must be in [0, ${maxSigma}] for ${p.distribution} diameters`, at("sigma"));
  if (!(p.qMax > p.qMin)) throw badInput(`the Q grid needs qMin < qMax, got [${p.qMin}, ${p.qMax}]`, at("qMax"));
  if (p.timeStep !== undefined && (p.method ?? "event-chain") !== "paper-md") throw badInput("timeStep is a setting of the paper-md method", at("timeStep"));
}

function pointsOf(input: HardSpheresJobInput): HardSpherePoint[] {
  // Sampled values must obey the point's bounds too (an eta range past 0.55).
  return statePoints(input, "hardSpheres").map((p) => parseInput(HARD_SPHERE_POINT, p, "hardSpheres"));
}

/** One state point as its compute thread runs it. */
export interface HardSphereStep {
  point: HardSpherePoint;
  spec: HardSphereSystemSpec;
  q: Float64Array;
}

export type HardSphereResult = Omit<Awaited<ReturnType<typeof simulateStatePoint>>, "lastConfiguration"> & {
  configuration: Awaited<ReturnType<typeof simulateStatePoint>>["lastConfiguration"] | null;
};

export const hardSpheres = defineSimulationKind({
  name: "hard-spheres",
  inputField: "hardSpheres",
  queue: "simulation-hard-spheres",
  expireInSeconds: 24 * 3600,
  summary: "polydisperse hard spheres by event-chain Monte Carlo (or the authors' MD) and their I(Q) (paper 000)",
  input: HARD_SPHERES_INPUT,

  check(input) {
    for (const p of pointsOf(input)) checkHardSpherePoint(p);
  },

  checkWork(input) {
    const L = HARD_SPHERE_LIMITS;
    let total = 0;
    for (const p of pointsOf(input)) {
      if (p.n > L.n) throw badInput(`n ${p.n} is over the limit of ${L.n} spheres`, field("n"));
      if (p.configurations > L.configurations)
        throw badInput(`configurations ${p.configurations} is over the limit of ${L.configurations}`, field("configurations"));
      if (p.directions !== undefined && p.directions > L.directions)
        throw badInput(`directions ${p.directions} is over the limit of ${L.directions}`, field("directions"));
      if (p.qCount > L.qCount) throw badInput(`qCount ${p.qCount} is over the limit of ${L.qCount}`, field("qCount"));
      if ((p.method ?? "event-chain") === "paper-md") {
        const steps = paperMdSteps({ timeStep: p.timeStep }, p.configurations).total;
        if (steps > MAX_MD_STEPS || steps * p.n > L.mdParticleSteps) {
          throw badInput(
            `the MD run would take ${steps} steps of ${p.n} spheres, over the limits of ${MAX_MD_STEPS} steps and ${L.mdParticleSteps} particle-steps: use fewer configurations, spheres or a longer time step`,
            field("configurations"),
          );
        }
      }
      if (p.n * p.configurations > L.samples) {
        throw badInput(
          `n x configurations is ${workUnits(p.n * p.configurations)} sampled spheres, over the limit of ${workUnits(L.samples)} per state point`,
          field("configurations"),
        );
      }
      const directions = p.estimator === "commensurate" ? COMMENSURATE_VECTORS : (p.directions ?? PAPER_DIRECTIONS);
      const work = p.n * p.configurations * p.qCount * directions;
      if (work > L.pointWork) {
        throw badInput(
          `n x configurations x qCount x directions (${p.directions === undefined && p.estimator !== "commensurate" ? "the paper's 50 x 100" : directions}) is ${workUnits(work)} work units, over the limit of ${workUnits(L.pointWork)} per state point: use fewer spheres, configurations, q points or directions`,
          field("configurations"),
        );
      }
      total += work;
    }
    if (total > L.sweepWork) {
      throw badInput(
        `the sweep's state points add up to ${workUnits(total)} work units, over the limit of ${workUnits(L.sweepWork)}: use fewer state points or smaller ones`,
        field("count"),
      );
    }
  },

  steps(input): HardSphereStep[] {
    return pointsOf(input).map((point) => ({
      point,
      spec: { distribution: point.distribution, sigma: point.sigma, eta: point.eta, n: point.n, seed: point.seed, diameterSampling: point.diameterSampling },
      q: qGrid(point.qMin, point.qMax, point.qCount, "LINEAR"),
    }));
  },

  async compute({ point, spec, q }: HardSphereStep, progress): Promise<HardSphereResult> {
    const result = await simulateStatePoint(spec, {
      configurations: point.configurations,
      q,
      directions: point.directions ? fibonacciDirections(point.directions) : paperDirections(),
      estimator: point.estimator,
      method: point.method,
      md: { timeStep: point.timeStep },
      onProgress: progress,
    });
    const { lastConfiguration, ...rest } = result;
    return { ...rest, configuration: point.keepConfigurations ? lastConfiguration : null };
  },

  stepLabel: ({ point: p }, k, of) => `state point ${k + 1} of ${of} (${p.distribution}, eta ${p.eta}, sigma ${p.sigma})`,

  toDataset(input, results) {
    const points = pointsOf(input);
    const records: CurveRecord[] = [];
    const files: Attachment[] = [];
    results.forEach((r, k) => {
      const p = points[k];
      records.push({
        title: `I(Q) ${p.distribution} eta=${p.eta} sigma=${p.sigma}`,
        q: r.q,
        intensity: r.intensity,
        dI: r.intensityError.every(Number.isFinite) ? r.intensityError : null,
        dQ: null,
        qUnit: "REDUCED",
        intensityUnit: "ARBITRARY",
        parameters: {
          distribution: p.distribution,
          eta: r.eta,
          sigma: p.sigma,
          diameter_sampling: p.diameterSampling ?? "stratified",
          n: p.n,
          configurations: r.configurations,
          estimator: p.estimator ?? "paper",
          directions: p.estimator === "commensurate" ? null : (p.directions ?? "paper 50x100"),
          seed: p.seed,
          compressibility_factor: r.compressibilityFactor,
          method: r.method,
          ...(r.method === "paper-md"
            ? { time_step: p.timeStep ?? PAPER_MD_DEFAULTS.timeStep, md_steps: r.steps, mean_temperature: r.meanTemperature }
            : { events: r.events }),
        },
      });
      if (r.configuration) {
        files.push({
          filename: `configuration-${k}.json`,
          format: "JSON",
          body: Buffer.from(
            JSON.stringify({
              description: "last sampled configuration: cubic periodic box, xyz positions interleaved, diameters (units of D0)",
              statePoint: p,
              box: r.configuration.box,
              positions: Array.from(r.configuration.positions),
              diameters: Array.from(r.configuration.diameters),
            }),
          ),
        });
      }
    });
    const { ranges = [], sampling = "GRID", count = 1, ...base } = input;
    const paperMd = base.method === "paper-md";
    const timeStep = base.timeStep ?? PAPER_MD_DEFAULTS.timeStep;
    return {
      records,
      files,
      description: paperMd
        ? `Polydisperse spheres by the MD protocol of Ding et al. (2025) (time step ${timeStep}): configurations and I(Q) of eq. 2, ${records.length} state point(s). ` +
          "Reproduces the authors' MD; at their time step it is not equilibrium hard spheres."
        : `Polydisperse hard spheres (Ding et al. 2025): event-chain Monte Carlo configurations and I(Q) of eq. 2, ${records.length} state point(s).`,
      keywords: ["simulation", "hard-spheres", "polydisperse", paperMd ? "molecular-dynamics" : "event-chain-monte-carlo"],
      metadata: {
        simulation: "polydisperse-hard-spheres",
        lengthUnit: "D0 (mean diameter)",
        qUnit: "Q·D0 (reduced)",
        normalisation: "I(Q) = <|sum_i F(Q;D_i) exp(iQ.r_i)|^2> / sum_i V_i^2, so I -> P(Q) with P(0) = 1 (paper 000, eq. 2)",
        base,
        ranges,
        sampling,
      },
      activity: {
        label: `hard spheres, ${records.length} state point(s)`,
        seed: base.seed,
        parameters: {
          kind: "hard-spheres",
          base,
          ranges,
          sampling,
          count,
          method: paperMd
            ? `the authors' MD protocol: LJ epsilon = 100 kT cut at contact, velocity Verlet with a Nose-Hoover chain at T = 1 (tau = 100 steps), time step ${timeStep}, ` +
              "a configuration every 2 tau after 10 tau, from an event-chain equilibrated start; I(Q) by phase recurrence along Q"
            : "event-chain Monte Carlo (straight chains, x/y/z), growth from an FCC lattice; I(Q) by phase recurrence along Q",
          backend: paperMd ? "typed arrays (MD on one thread); I(Q) on worker threads" : "typed arrays; I(Q) on worker threads",
        },
      },
    };
  },
});
