import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import type { TSchema } from "@sinclair/typebox";
import {
  PAPER_MD_DEFAULTS,
  simulateStatePoint,
  uniformQGrid,
  type HardSphereMethod,
  type HardSphereSystemSpec,
  type StatePointResult,
} from "../../compute/particles/hardspheres";
import { checkHardSpherePoint, HARD_SPHERE_POINT, type HardSpherePoint } from "../../simulations/kinds/hard-spheres";
import { describeRule, fits, parseInput } from "../../services/input-schema";
import { DomainError } from "../../services/errors";
import {
  ColloidSpecError,
  correlationOnGrid,
  finiteBeamCorrelation,
  resolveColloidSpec,
  simulateShearedColloidsParallel,
  theoryCorrelation,
  type CorrelationMap,
  type ResolvedColloidSpec,
  type ShearedColloidResult,
  type ShearedColloidSpec,
} from "../../compute/particles/colloids";
import type { Command } from "../command";

const HELP = `usage: sasgraph particles hardspheres --distribution uniform|normal|lognormal --sigma S --eta E
                      [--n 23328] [--configurations 10] [--estimator paper|commensurate] [--threads T]
                      [--diameter-sampling stratified|independent]
                      [--method event-chain|paper-md] [--dt 0.001] [--seed 0] [--q 3:13:100] [--out FILE] [--format csv|json]
       sasgraph particles colloids --nL2 150 --Rs 0.1 --D2 0.5 --gammaL 1 [--realisations 1000] [--seed 0]
                      [--q 0.5:5:100] [--thetas 101] [--beam 800] [--threads T] [--out FILE] [--format csv|json]

Runs a particle simulation locally, with a progress bar (on stderr, when it is a terminal).
  hardspheres  polydisperse hard spheres by event-chain Monte Carlo and their I(Q) (Ding et al. 2025):
               Q in units of 1/D0 (mean diameter D0 = 1), --q min:max:count uniform; I -> P(Q), P(0) = 1.
               --sigma: uniform U(1-s, 1+s) with s in [0, 0.9], normal N(1, s) or lognormal ln D ~ N(0, s)
               with s in [0, 0.5]; --diameter-sampling stratified (default: one diameter per equal-probability
               slice, so the sizes follow the distribution) or independent (each drawn on its own, as the
               paper's LAMMPS input); --eta in (0, 0.55]; --threads 0 or 1 computes I(Q) on this thread
               (default: all cores). CSV columns Q,I,dI, with the state point and betaP/rho as # lines.
               --method paper-md samples with the authors' MD protocol instead (LJ 100 kT cut at contact,
               Nose-Hoover T = 1, --dt 0.001 as theirs, a configuration every 2000 steps) to reproduce their
               published curves; at their time step it is not equilibrium hard spheres (see the README).
  colloids     sheared dilute colloids and the correlation g = <I I'>/<I>^2 of eq. 4 (Ding, Chen & Do 2024):
               --nL2 particles per beam area, --Rs lognormal radius spread, --D2 non-affine displacement,
               --gammaL shear strain times beam side (negative as --gammaL=-10); lengths in units of R0.
               --q min:max:count log-spaced in 1/R0, --thetas angles in [0, pi], --beam side L (800).
               --threads 0 or 1 runs on this thread (default: all cores); the result does not depend on it.
               CSV: the angular average theta,g,dg with eq. 5 (g_theory) and its finite-beam form
               (g_theory_finite_beam); JSON: q, theta, g(q), g(theta), g(q, theta) and their errors.
  sasgraph particles hardspheres --distribution lognormal --sigma 0.2 --eta 0.4 --n 4000 --out hs.csv
  sasgraph particles colloids --nL2 150 --Rs 0.1 --D2 0.5 --gammaL 10 --realisations 2000 --out g.json
Without --out the CSV (or --format json) goes to stdout. On the server these are startSimulation jobs.`;

const OPTIONS = {
  distribution: { type: "string" },
  sigma: { type: "string" },
  eta: { type: "string" },
  n: { type: "string" },
  configurations: { type: "string" },
  estimator: { type: "string" },
  method: { type: "string" },
  dt: { type: "string" },
  "diameter-sampling": { type: "string" },
  threads: { type: "string" },
  nL2: { type: "string" },
  Rs: { type: "string" },
  D2: { type: "string" },
  gammaL: { type: "string" },
  realisations: { type: "string" },
  thetas: { type: "string" },
  beam: { type: "string" },
  seed: { type: "string" },
  q: { type: "string" },
  out: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean" },
} as const;

type OptionName = keyof typeof OPTIONS;
type Values = { [K in OptionName]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

const COMMON: readonly OptionName[] = ["seed", "q", "out", "format", "help"];
const SIMULATIONS: Record<string, { options: readonly OptionName[]; run(values: Values): Promise<Output> }> = {
  hardspheres: {
    options: [...COMMON, "distribution", "sigma", "eta", "n", "configurations", "estimator", "method", "dt", "diameter-sampling", "threads"],
    run: runHardSpheres,
  },
  colloids: { options: [...COMMON, "nL2", "Rs", "D2", "gammaL", "realisations", "thetas", "beam", "threads"], run: runColloids },
};

/** What a simulation writes: CSV text, or a JSON document. */
interface Output {
  csv: string;
  json: Record<string, unknown>;
  summary: string;
}

export const particlesCommand: Command = {
  summary: "run a particle simulation locally (hard-sphere I(Q), sheared-colloid g), with a progress bar",
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    const [name, ...extra] = positionals;
    if (values.help || !name) {
      console.log(HELP);
      return values.help ? 0 : 2;
    }
    const simulation = SIMULATIONS[name];
    if (!simulation) throw new Error(`unknown simulation "${name}": use hardspheres or colloids (see --help)`);
    if (extra.length) throw new Error(`unexpected argument "${extra[0]}" (options are --name value; see --help)`);
    for (const given of Object.keys(values) as OptionName[]) {
      if (!simulation.options.includes(given)) throw new Error(`--${given} is not an option of 'sasgraph particles ${name}' (see --help)`);
    }
    const format = (values.format ?? (values.out?.toLowerCase().endsWith(".json") ? "json" : "csv")).toLowerCase();
    if (format !== "csv" && format !== "json") throw new Error(`--format must be csv or json, not "${values.format}"`);
    const output = await simulation.run(values);
    const body = format === "json" ? JSON.stringify(output.json) + "\n" : output.csv;
    if (values.out) {
      fs.writeFileSync(values.out, body);
      console.error(`wrote ${output.summary} to ${values.out} (${format.toUpperCase()}, ${body.length} bytes)`);
    } else {
      process.stdout.write(body);
    }
    return 0;
  },
};

/** A number option: `fallback` when not given (required when there is none), else checked by `ok`. */
function numberOption(name: OptionName, text: string | undefined, rule: string, ok: (v: number) => boolean, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new Error(`--${name} is required: ${rule} (see --help)`);
    return fallback;
  }
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || !ok(value)) throw new Error(`--${name} must be ${rule}, not "${text}"`);
  return value;
}

const isInteger = (min: number) => (v: number) => Number.isInteger(v) && v >= min;

/** "min:max:count" with 0 < min < max and an integer count >= 2. */
function countGrid(text: string, spacing: string): { min: number; max: number; count: number } {
  const parts = text.split(":");
  const [min, max, count] = parts.map((p) => (p.trim() === "" ? Number.NaN : Number(p)));
  if (parts.length !== 3 || !(min > 0 && max > min && Number.isFinite(max)) || !Number.isInteger(count) || count < 2) {
    throw new Error(`--q must be min:max:count (${spacing}) with 0 < min < max and an integer count >= 2, not "${text}"`);
  }
  return { min, max, count };
}

function csvLines(metadata: [string, string | number][], header: string, rows: number[][]): string {
  const lines = metadata.map(([key, value]) => `# ${key}: ${value}`);
  lines.push(header, ...rows.map((row) => row.join(",")));
  return lines.join("\n") + "\n";
}

/** CLI options of a hard-sphere state point, by field of its input table (HARD_SPHERE_POINT). */
const HARD_SPHERE_OPTIONS: Partial<Record<keyof HardSpherePoint, OptionName>> = {
  distribution: "distribution",
  sigma: "sigma",
  eta: "eta",
  n: "n",
  configurations: "configurations",
  estimator: "estimator",
  method: "method",
  timeStep: "dt",
  diameterSampling: "diameter-sampling",
  seed: "seed",
  qMin: "q",
  qMax: "q",
  qCount: "q",
};

/** A field's value from its option, checked by the field's schema (the server's table: rules are written once). */
function tableOption(schema: TSchema, option: OptionName, text: string | undefined, fallback?: unknown): unknown {
  const rule = describeRule(schema);
  if (text === undefined) {
    if (fallback === undefined) throw new Error(`--${option} is required: ${rule} (see --help)`);
    return fallback;
  }
  const numeric = schema.type === "number" || schema.type === "integer";
  const value = numeric ? (text.trim() === "" ? Number.NaN : Number(text)) : text;
  if (!fits(schema, value)) throw new Error(`--${option} must be ${rule}, not "${text}"`);
  return value;
}

/** A table rule across fields, as the CLI names it: "--sigma 0.6 must be ...". */
function asOptionError(err: unknown, options: Partial<Record<string, OptionName>>): unknown {
  if (!(err instanceof DomainError) || !err.field) return err;
  const option = options[err.field] ?? err.field;
  return new Error(`--${option}${err.message.startsWith(err.field) ? err.message.slice(err.field.length) : `: ${err.message}`}`);
}

async function runHardSpheres(values: Values): Promise<Output> {
  const fields = HARD_SPHERE_POINT.properties;
  const grid = countGrid(values.q ?? "3:13:100", "uniform, in units of 1/D0");
  const threads = values.threads === undefined ? undefined : numberOption("threads", values.threads, "an integer >= 0", isInteger(0));
  const method = tableOption(fields.method, "method", values.method, "event-chain") as HardSphereMethod;
  if (values.dt !== undefined && method !== "paper-md") throw new Error("--dt is a setting of --method paper-md");
  const point = {
    distribution: tableOption(fields.distribution, "distribution", values.distribution),
    sigma: tableOption(fields.sigma, "sigma", values.sigma),
    diameterSampling: tableOption(fields.diameterSampling, "diameter-sampling", values["diameter-sampling"], "stratified"),
    eta: tableOption(fields.eta, "eta", values.eta),
    // Local runs default to the paper's system size; the server's default is smaller.
    n: tableOption(fields.n, "n", values.n, 23328),
    configurations: tableOption(fields.configurations, "configurations", values.configurations, fields.configurations.default),
    seed: tableOption(fields.seed, "seed", values.seed, fields.seed.default),
    qMin: grid.min,
    qMax: grid.max,
    qCount: grid.count,
    keepConfigurations: false,
    estimator: tableOption(fields.estimator, "estimator", values.estimator, "paper"),
    method,
    ...(method === "paper-md" ? { timeStep: tableOption(fields.timeStep, "dt", values.dt, PAPER_MD_DEFAULTS.timeStep) } : {}),
  } as HardSpherePoint;
  try {
    checkHardSpherePoint(parseInput(HARD_SPHERE_POINT, point, ""), (f) => f);
  } catch (err) {
    throw asOptionError(err, HARD_SPHERE_OPTIONS);
  }
  const { distribution, sigma, eta, n, configurations, seed } = point;
  const diameterSampling = point.diameterSampling ?? "stratified";
  const estimator = point.estimator ?? "paper";
  const timeStep = point.timeStep ?? PAPER_MD_DEFAULTS.timeStep;
  const spec: HardSphereSystemSpec = { distribution, sigma, eta, n, seed, diameterSampling };

  const steps = 1000;
  const bar = new SingleBar({ format: "hard spheres {bar} {percentage}% | {stage} | {eta_formatted} left", etaBuffer: 50 }, Presets.shades_classic);
  bar.start(steps, 0, { stage: "starting" });
  let result: StatePointResult;
  try {
    result = await simulateStatePoint(spec, {
      configurations,
      q: uniformQGrid(grid.min, grid.max, grid.count),
      estimator,
      threads,
      method,
      md: { timeStep },
      onProgress: (fraction, message) => bar.update(Math.round(fraction * steps), { stage: message }),
    });
  } finally {
    bar.stop();
  }

  const metadata: [string, string | number][] = [
    [
      "simulation",
      method === "paper-md"
        ? `the authors' MD protocol (LJ 100 kT cut at contact, Nose-Hoover T = 1, time step ${timeStep}; Ding et al. 2025); I(Q) of eq. 2`
        : "hard spheres, event-chain Monte Carlo (Ding et al. 2025); I(Q) of eq. 2",
    ],
    ["units", "Q in 1/D0 (mean diameter D0 = 1); I normalised so that I -> P(Q), P(0) = 1; dI = standard error over configurations"],
    ["distribution", distribution],
    ["sigma", sigma],
    ["diameter sampling", diameterSampling],
    ["eta", result.eta],
    ["eta target", eta],
    ["N", n],
    ["configurations", result.configurations],
    ["estimator", estimator],
    ["seed", seed],
    ["method", method],
    ["betaP/rho", result.compressibilityFactor],
    ...(method === "paper-md"
      ? ([
          ["time step", timeStep],
          ["MD steps", result.steps],
          ["mean kinetic T", result.meanTemperature ?? NaN],
        ] as [string, number][])
      : ([["events", result.events]] as [string, number][])),
  ];
  const rows = Array.from(result.q, (q, k) => [q, result.intensity[k], result.intensityError[k]]);
  return {
    csv: csvLines(metadata, "Q,I,dI", rows),
    json: {
      simulation: "hardspheres",
      distribution,
      sigma,
      diameterSampling,
      eta: result.eta,
      etaTarget: eta,
      n,
      configurations: result.configurations,
      estimator,
      seed,
      method,
      ...(method === "paper-md" ? { timeStep, mdSteps: result.steps, meanTemperature: result.meanTemperature } : {}),
      compressibilityFactor: result.compressibilityFactor,
      events: result.events,
      qUnit: "1/D0",
      q: Array.from(result.q),
      intensity: Array.from(result.intensity),
      intensityError: Array.from(result.intensityError),
    },
    summary: `I(Q) at ${result.q.length} Q points`,
  };
}

/** Which option each field of the colloid spec comes from, for ColloidSpecError messages. */
const COLLOID_OPTION: Record<keyof ShearedColloidSpec, OptionName> = {
  nL2: "nL2",
  radiusSpread: "Rs",
  d2: "D2",
  gammaL: "gammaL",
  realisations: "realisations",
  seed: "seed",
  qCount: "q",
  qMin: "q",
  qMax: "q",
  thetaCount: "thetas",
  beamSide: "beam",
};

function colloidSpecFailure(err: unknown): unknown {
  if (!(err instanceof ColloidSpecError)) return err;
  const prefix = `${err.field}: `;
  const reason = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  return new Error(`--${COLLOID_OPTION[err.field]} ${reason}`);
}

/** Rows of a q-major (q, theta) map as nested arrays, g[k][j] = g(q_k, theta_j). */
function nested(map: Float64Array, thetaCount: number): number[][] {
  const rows: number[][] = [];
  for (let p = 0; p < map.length; p += thetaCount) rows.push(Array.from(map.subarray(p, p + thetaCount)));
  return rows;
}

function mapJson(map: CorrelationMap, thetaCount: number): Record<string, unknown> {
  return { gq: Array.from(map.gq), gTheta: Array.from(map.gTheta), gQTheta: nested(map.gQTheta, thetaCount) };
}

async function runColloids(values: Values): Promise<Output> {
  const number = (name: Exclude<OptionName, "help">, fallback?: number) => numberOption(name, values[name], "a number", () => true, fallback);
  const grid = values.q === undefined ? undefined : countGrid(values.q, "log-spaced, in units of 1/R0");
  const threads = values.threads === undefined ? undefined : numberOption("threads", values.threads, "an integer >= 0", isInteger(0));
  const spec: ShearedColloidSpec = {
    nL2: number("nL2"),
    radiusSpread: number("Rs"),
    d2: number("D2"),
    gammaL: number("gammaL"),
    realisations: number("realisations", 1000),
    seed: numberOption("seed", values.seed, "an integer >= 0", isInteger(0), 0),
    qMin: grid?.min,
    qMax: grid?.max,
    qCount: grid?.count,
    thetaCount: values.thetas === undefined ? undefined : number("thetas"),
    beamSide: values.beam === undefined ? undefined : number("beam"),
  };
  let resolved: ResolvedColloidSpec;
  try {
    resolved = resolveColloidSpec(spec); // checked here, before the bar starts
  } catch (err) {
    throw colloidSpecFailure(err);
  }

  const total = resolved.realisations;
  const bar = new SingleBar(
    { format: "colloids {bar} {percentage}% | {value}/{total} realisations | {eta_formatted} left", etaBuffer: 200 },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  let result: ShearedColloidResult;
  try {
    result = await simulateShearedColloidsParallel(spec, { threads, onProgress: (fraction) => bar.update(Math.round(fraction * total)) });
  } catch (err) {
    throw colloidSpecFailure(err);
  } finally {
    bar.stop();
  }

  const s = result.spec;
  const thetaCount = result.theta.length;
  const grid2d = { q: result.q, theta: result.theta };
  const theory = correlationOnGrid(grid2d, (q, t) => theoryCorrelation(q, t, s));
  const finite = correlationOnGrid(grid2d, (q, t) => finiteBeamCorrelation(q, t, s));
  const metadata: [string, string | number][] = [
    ["simulation", "sheared dilute colloids, 2D Monte Carlo (Ding, Chen & Do 2024); g = <I I'>/<I>^2 of eq. 4"],
    ["units", "lengths in R0 (mean radius), q in 1/R0, theta in radians from the shear (x) axis"],
    ["columns", "g(theta) averaged over the q grid; dg its jackknife standard error; g_theory eq. 5; g_theory_finite_beam eq. 5 for a finite beam and N"],
    ["nL2", s.nL2],
    ["R_s", s.radiusSpread],
    ["D_2", s.d2],
    ["gammaL", s.gammaL],
    ["realisations", s.realisations],
    ["seed", s.seed],
    ["beam side L", s.beamSide],
    ["particles sampled", s.particleCount],
    ["mean particles in beam", result.meanParticlesInBeam],
    ["q grid", `${s.qMin}:${s.qMax}:${s.qCount} (log-spaced)`],
    ["theta points", thetaCount],
  ];
  const rows = Array.from(result.theta, (theta, j) => [theta, result.gTheta[j], result.gThetaStdErr[j], theory.gTheta[j], finite.gTheta[j]]);
  return {
    csv: csvLines(metadata, "theta,g,dg,g_theory,g_theory_finite_beam", rows),
    json: {
      simulation: "colloids",
      nL2: s.nL2,
      Rs: s.radiusSpread,
      D2: s.d2,
      gammaL: s.gammaL,
      realisations: s.realisations,
      seed: s.seed,
      beamSide: s.beamSide,
      particleCount: s.particleCount,
      meanParticlesInBeam: result.meanParticlesInBeam,
      q: Array.from(result.q),
      theta: Array.from(result.theta),
      gq: Array.from(result.gq),
      gqStdErr: Array.from(result.gqStdErr),
      gTheta: Array.from(result.gTheta),
      gThetaStdErr: Array.from(result.gThetaStdErr),
      gQTheta: nested(result.gQTheta, thetaCount),
      gQThetaStdErr: nested(result.gQThetaStdErr, thetaCount),
      meanIntensity: nested(result.meanIntensity, thetaCount),
      theory: mapJson(theory, thetaCount),
      theoryFiniteBeam: mapJson(finite, thetaCount),
    },
    summary: `g on a ${result.q.length} x ${thetaCount} (q, theta) grid`,
  };
}
