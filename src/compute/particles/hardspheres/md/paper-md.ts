import { Configuration } from "../configuration";
import { ContactDynamics } from "./contact-dynamics";
import { PAPER_EPSILON } from "./contact-potential";

/**
 * The MD protocol of paper 000 as the authors' public LAMMPS input runs it, from an equilibrated
 * hard-sphere start instead of their compressed FCC lattice: Maxwell velocities at T = 1 and a fresh
 * Nosé–Hoover chain (tau = 100 steps), `equilibrationSteps` of NVT, then one configuration every
 * `stepsBetweenConfigurations` (their dump interval; 100 configurations make their 200 000 production
 * steps; their 30 000 steps of compression and capped NVE before the NVT are replaced by the start).
 *
 * What it is for: reproducing the authors' published curves. At their time step (0.001) collisions
 * with the 100 kT wall overshoot and heat the system faster than the thermostat cools it (kinetic
 * T about 1.2 at eta = 0.1 and 2.6 at 0.45), so the structure is not equilibrium hard spheres; at
 * 0.0001 it is. Event chains remain the exact hard-sphere method.
 */
export interface PaperMdOptions {
  /** Time step in LJ units (default 0.001, the authors'). */
  timeStep?: number;
  /** NVT steps before the first configuration (default: the authors' 10 tau, 10 000 of their steps). */
  equilibrationSteps?: number;
  /** Steps between configurations (default: the authors' dump interval of 2 tau, 2000 of their steps). */
  stepsBetweenConfigurations?: number;
  /** Pair energy scale in kT (default 100). */
  epsilon?: number;
}

/** The authors' settings; at another time step the equilibration and dump interval keep their times. */
export const PAPER_MD_DEFAULTS = { timeStep: 0.001, equilibrationTime: 10, timeBetweenConfigurations: 2, epsilon: PAPER_EPSILON } as const;

/** Largest number of MD steps of one run. */
export const MAX_MD_STEPS = 20_000_000;

/** The steps a run makes: equilibration plus `configurations` dump intervals. */
export function paperMdSteps(options: PaperMdOptions, configurations: number): { equilibration: number; between: number; total: number } {
  const dt = options.timeStep ?? PAPER_MD_DEFAULTS.timeStep;
  const equilibration = options.equilibrationSteps ?? Math.round(PAPER_MD_DEFAULTS.equilibrationTime / dt);
  const between = options.stepsBetweenConfigurations ?? Math.round(PAPER_MD_DEFAULTS.timeBetweenConfigurations / dt);
  return { equilibration, between, total: equilibration + configurations * between };
}

export interface PaperMdSummary {
  steps: number;
  /** Mean kinetic temperature over the production steps (target 1). */
  meanTemperature: number;
  /** Mean P / (rho T_kin) over the production steps. */
  compressibilityFactor: number;
}

export class PaperMdSampler {
  readonly dynamics: ContactDynamics;
  readonly options: Required<PaperMdOptions>;

  constructor(config: Configuration, seed: number, options: PaperMdOptions = {}) {
    const steps = paperMdSteps(options, 0);
    this.options = {
      timeStep: options.timeStep ?? PAPER_MD_DEFAULTS.timeStep,
      equilibrationSteps: steps.equilibration,
      stepsBetweenConfigurations: steps.between,
      epsilon: options.epsilon ?? PAPER_MD_DEFAULTS.epsilon,
    };
    const { timeStep, equilibrationSteps, stepsBetweenConfigurations, epsilon } = this.options;
    if (!(timeStep > 0 && timeStep <= 0.01)) throw new RangeError(`timeStep ${timeStep} must be in (0, 0.01]`);
    for (const [name, value] of [
      ["equilibrationSteps", equilibrationSteps],
      ["stepsBetweenConfigurations", stepsBetweenConfigurations],
    ] as const) {
      if (!Number.isInteger(value) || value < (name === "equilibrationSteps" ? 0 : 1) || value > MAX_MD_STEPS) {
        throw new RangeError(`${name} ${value} must be an integer from ${name === "equilibrationSteps" ? 0 : 1} to ${MAX_MD_STEPS}`);
      }
    }
    if (!(epsilon > 0)) throw new RangeError(`epsilon ${epsilon} must be positive`);
    this.dynamics = new ContactDynamics(config, { timeStep, epsilon, temperature: 1, seed });
  }

  /** NVT steps before sampling, in `slices` pieces with progress after each. */
  equilibrate(onProgress: (fraction: number) => void = () => undefined, slices = 10): void {
    const total = this.options.equilibrationSteps;
    for (let s = 0; s < slices; s++) {
      this.dynamics.run(Math.round((total * (s + 1)) / slices) - Math.round((total * s) / slices));
      onProgress((s + 1) / slices);
    }
    this.dynamics.resetAverages();
  }

  /** Advance by the dump interval and return the configuration there. */
  next(): Configuration {
    this.dynamics.run(this.options.stepsBetweenConfigurations);
    return this.dynamics.configuration();
  }

  summary(): PaperMdSummary {
    const { temperature, compressibilityFactor } = this.dynamics.meanState();
    return { steps: this.dynamics.steps, meanTemperature: temperature, compressibilityFactor };
  }
}
