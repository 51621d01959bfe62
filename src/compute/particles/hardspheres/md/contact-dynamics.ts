import { Random } from "../../../random";
import { Configuration, wrapIntoBox } from "../configuration";
import { contactPairEnergy } from "./contact-potential";
import { IMAGE_SHIFTS, NeighbourList, NO_SHIFT } from "./neighbour-list";
import { NoseHooverChain } from "./nose-hoover-chain";

export interface ContactDynamicsOptions {
  /** Time step in LJ units (mass of a unit-diameter sphere pi/6, epsilon per kT = 1 at T = 1). */
  timeStep: number;
  /** Pair energy scale (default 100, as the authors). */
  epsilon: number;
  /** Target temperature (kT = 1 as the authors); null runs plain NVE. */
  temperature: number | null;
  /** Thermostat relaxation time (default 100 time steps, as the authors). */
  thermostatDamping?: number;
  /** Neighbour-list skin (default 0.3, LAMMPS's for LJ units); changes speed, not trajectories. */
  skin?: number;
  /** Seed of the Maxwell–Boltzmann starting velocities. */
  seed: number;
  /** Starting velocities (xyz interleaved) instead of Maxwell–Boltzmann ones, e.g. to restart a run. */
  initialVelocities?: Float64Array;
}

/** Running sums over production steps (reset with resetAverages). */
export interface DynamicsAverages {
  steps: number;
  temperatureSum: number;
  pressureSum: number;
}

/**
 * Molecular dynamics of spheres with the authors' contact Lennard-Jones potential (contactPotential):
 * velocity Verlet, masses pi D^3 / 6 (unit density, as LAMMPS gives finite-size spheres), and
 * optionally the Nosé–Hoover chain at T. Positions are kept in [0, box) at each neighbour-list build
 * and may stray by less than half the skin in between.
 *
 * The per-particle arrays (positions, velocities, forces, diameters, masses) are kept in cell order,
 * re-sorted at every neighbour-list build for memory locality: slot k holds particle index[k] of the
 * configuration given. configuration() and velocitiesInOriginalOrder() give the original order.
 */
export class ContactDynamics {
  readonly n: number;
  readonly box: number;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly forces: Float64Array;
  readonly diameters: Float64Array;
  readonly inverseMass: Float64Array;
  readonly mass: Float64Array;
  /** The original index of the particle in each slot. */
  readonly index: Int32Array;
  readonly timeStep: number;
  readonly epsilon: number;
  readonly thermostat: NoseHooverChain | null;
  readonly averages: DynamicsAverages = { steps: 0, temperatureSum: 0, pressureSum: 0 };
  readonly neighbours: NeighbourList;
  steps = 0;
  /** Pair virial sum_pairs r . F of the last force evaluation. */
  private virial = 0;
  private kineticTemperature = 0;
  /** Velocity scale the thermostat's last half step left to apply (see advance). */
  private pendingScale = 1;
  /** The 27 image shifts times the box length. */
  private readonly shifts: Float64Array;
  /** Scratch for reordering a per-particle array. */
  private readonly scratch: Float64Array;

  constructor(config: Configuration, options: ContactDynamicsOptions) {
    if (!(options.timeStep > 0) || !(options.epsilon > 0)) throw new RangeError("ContactDynamics: time step and epsilon must be positive");
    this.n = config.diameters.length;
    if (this.n < 2) throw new RangeError("ContactDynamics: needs at least 2 spheres");
    this.box = config.box;
    this.positions = config.positions.slice();
    this.diameters = config.diameters.slice();
    this.velocities = new Float64Array(3 * this.n);
    this.forces = new Float64Array(3 * this.n);
    this.mass = this.diameters.map((d) => (Math.PI / 6) * d ** 3);
    this.inverseMass = this.mass.map((m) => 1 / m);
    this.index = Int32Array.from({ length: this.n }, (_, i) => i);
    this.scratch = new Float64Array(3 * this.n);
    this.shifts = IMAGE_SHIFTS.map((s) => s * this.box);
    this.timeStep = options.timeStep;
    this.epsilon = options.epsilon;
    const dof = 3 * this.n - 3;
    const target = options.temperature;
    this.thermostat = target === null ? null : new NoseHooverChain(target, options.thermostatDamping ?? 100 * options.timeStep, dof);
    this.neighbours = new NeighbourList(this.box, this.diameters, options.skin ?? 0.3);
    if (options.initialVelocities) {
      if (options.initialVelocities.length !== 3 * this.n) throw new RangeError("ContactDynamics: initialVelocities must hold 3 values per sphere");
      this.velocities.set(options.initialVelocities);
    } else this.maxwellVelocities(target ?? 1, new Random(options.seed));
    this.rebuild();
    this.computeForces();
    this.kineticTemperature = this.temperature();
  }

  /** Sort the particles into cell order (every per-particle array) and rebuild the neighbour list. */
  private rebuild(): void {
    const order = this.neighbours.cellOrder(this.positions);
    const t = this.scratch;
    for (const a of [this.positions, this.velocities]) {
      for (let k = 0; k < this.n; k++) {
        const from = 3 * order[k];
        t[3 * k] = a[from];
        t[3 * k + 1] = a[from + 1];
        t[3 * k + 2] = a[from + 2];
      }
      a.set(t);
    }
    for (const a of [this.diameters, this.mass, this.inverseMass]) {
      for (let k = 0; k < this.n; k++) t[k] = a[order[k]];
      a.set(t.subarray(0, this.n));
    }
    const index = this.index;
    for (let k = 0; k < this.n; k++) t[k] = index[order[k]];
    for (let k = 0; k < this.n; k++) index[k] = t[k];
    this.neighbours.build(this.positions, this.diameters);
  }

  /** A per-slot xyz array (e.g. velocities) in the particles' original order. */
  private inOriginalOrder(values: Float64Array): Float64Array {
    const out = new Float64Array(3 * this.n);
    for (let k = 0; k < this.n; k++) {
      const i = 3 * this.index[k];
      out[i] = values[3 * k];
      out[i + 1] = values[3 * k + 1];
      out[i + 2] = values[3 * k + 2];
    }
    return out;
  }

  /** The velocities in the original order of the particles. */
  velocitiesInOriginalOrder(): Float64Array {
    return this.inOriginalOrder(this.velocities);
  }

  /** Gaussian velocities at temperature T, total momentum removed, then scaled to exactly T. */
  private maxwellVelocities(temperature: number, random: Random): void {
    const v = this.velocities;
    const momentum = [0, 0, 0];
    let totalMass = 0;
    for (let i = 0; i < this.n; i++) {
      const s = Math.sqrt(temperature * this.inverseMass[i]);
      for (let a = 0; a < 3; a++) {
        v[3 * i + a] = s * random.normal();
        momentum[a] += this.mass[i] * v[3 * i + a];
      }
      totalMass += this.mass[i];
    }
    for (let i = 0; i < this.n; i++) for (let a = 0; a < 3; a++) v[3 * i + a] -= momentum[a] / totalMass;
    const scale = Math.sqrt(temperature / this.temperature());
    for (let k = 0; k < v.length; k++) v[k] *= scale;
  }

  /** Kinetic temperature sum m v^2 / (3N - 3). */
  temperature(): number {
    const v = this.velocities;
    let twiceKinetic = 0;
    for (let i = 0; i < this.n; i++) {
      const x = v[3 * i],
        y = v[3 * i + 1],
        z = v[3 * i + 2];
      twiceKinetic += this.mass[i] * (x * x + y * y + z * z);
    }
    return twiceKinetic / (3 * this.n - 3);
  }

  /** Pressure (N T_kin + virial / 3) / V at the current state. */
  pressure(): number {
    return (this.n * this.kineticTemperature + this.virial / 3) / this.box ** 3;
  }

  /** Total potential energy (O(pairs); for checks, not for the loop: kept apart so the force loop stays lean). */
  potentialEnergy(): number {
    const { positions: x, diameters: d, shifts, n, epsilon } = this;
    const { start, partners, crossI, crossJ, crossShift, crossCount } = this.neighbours;
    const pair = (i: number, j: number, s: number): number => {
      const dx = x[3 * j] + shifts[s] - x[3 * i];
      const dy = x[3 * j + 1] + shifts[s + 1] - x[3 * i + 1];
      const dz = x[3 * j + 2] + shifts[s + 2] - x[3 * i + 2];
      return contactPairEnergy(dx * dx + dy * dy + dz * dz, (0.5 * (d[i] + d[j])) ** 2, epsilon);
    };
    let energy = 0;
    for (let i = 0; i < n; i++) for (let k = start[i]; k < start[i + 1]; k++) energy += pair(i, partners[k], 3 * NO_SHIFT);
    for (let k = 0; k < crossCount; k++) energy += pair(crossI[k], crossJ[k], 3 * crossShift[k]);
    return energy;
  }

  /**
   * Forces and virial from the neighbour list: the hot loop, plain arithmetic on typed arrays. Pairs
   * inside the box first, per particle, then those across a face with their image shift; two
   * functions, so each is optimised for its own loop.
   */
  computeForces(): void {
    this.forces.fill(0);
    this.virial = this.insideForces() + this.crossForces();
  }

  private insideForces(): number {
    const { positions: x, diameters: d, forces: f, n } = this;
    const { start, partners } = this.neighbours;
    const e24 = 24 * this.epsilon;
    let virial = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      const ri = 0.5 * d[i];
      let fx = 0,
        fy = 0,
        fz = 0;
      const end = start[i + 1];
      for (let k = start[i]; k < end; k++) {
        const j = partners[k];
        const dx = x[3 * j] - xi;
        const dy = x[3 * j + 1] - yi;
        const dz = x[3 * j + 2] - zi;
        const r2 = dx * dx + dy * dy + dz * dz;
        const contact = ri + 0.5 * d[j];
        const c2 = contact * contact;
        if (r2 >= c2) continue;
        const s2 = c2 / r2;
        const s6 = s2 * s2 * s2;
        const fOverR = (e24 * (2 * s6 * s6 - s6)) / r2; // contactPairForceOverDistance, inlined
        virial += fOverR * r2;
        const gx = fOverR * dx,
          gy = fOverR * dy,
          gz = fOverR * dz;
        fx -= gx;
        fy -= gy;
        fz -= gz;
        f[3 * j] += gx;
        f[3 * j + 1] += gy;
        f[3 * j + 2] += gz;
      }
      f[3 * i] += fx;
      f[3 * i + 1] += fy;
      f[3 * i + 2] += fz;
    }
    return virial;
  }

  private crossForces(): number {
    const { positions: x, diameters: d, forces: f, shifts } = this;
    const { crossI, crossJ, crossShift, crossCount } = this.neighbours;
    const e24 = 24 * this.epsilon;
    let virial = 0;
    for (let k = 0; k < crossCount; k++) {
      const i = crossI[k],
        j = crossJ[k],
        s = 3 * crossShift[k];
      const dx = x[3 * j] + shifts[s] - x[3 * i];
      const dy = x[3 * j + 1] + shifts[s + 1] - x[3 * i + 1];
      const dz = x[3 * j + 2] + shifts[s + 2] - x[3 * i + 2];
      const r2 = dx * dx + dy * dy + dz * dz;
      const contact = 0.5 * (d[i] + d[j]);
      const c2 = contact * contact;
      if (r2 >= c2) continue;
      const s2 = c2 / r2;
      const s6 = s2 * s2 * s2;
      const fOverR = (e24 * (2 * s6 * s6 - s6)) / r2;
      virial += fOverR * r2;
      const gx = fOverR * dx,
        gy = fOverR * dy,
        gz = fOverR * dz;
      f[3 * i] -= gx;
      f[3 * i + 1] -= gy;
      f[3 * i + 2] -= gz;
      f[3 * j] += gx;
      f[3 * j + 1] += gy;
      f[3 * j + 2] += gz;
    }
    return virial;
  }

  /**
   * One step in LAMMPS's order: thermostat half step (with the temperature at the end of the last
   * step), half kick, drift, forces (rebuilding the neighbour list when stale), half kick,
   * temperature, thermostat half step. Loops are fused: this is the hot path.
   */
  step(): void {
    this.advance();
    this.applyPendingScale();
  }

  /**
   * The step without its last loop: the thermostat's closing velocity scale is left pending and
   * folded into the next step's first loop (one pass over the velocities fewer). Callers apply it
   * before anyone reads the velocities.
   */
  private advance(): void {
    const dt = this.timeStep;
    const scale = (this.thermostat ? this.thermostat.halfStep(this.kineticTemperature, dt) : 1) * this.pendingScale;
    this.pendingScale = 1;
    // Each loop is its own function, optimised whole from its first calls: a loop compiled on the fly
    // from within (on-stack replacement) drops out at each path it has not yet seen, such as the rebuild.
    if (this.kickAndDrift(scale) > this.neighbours.staleDistanceSquared) this.rebuild();
    this.computeForces();
    this.kineticTemperature = this.kick() / (3 * this.n - 3);
    if (this.thermostat) {
      const factor = this.thermostat.halfStep(this.kineticTemperature, dt);
      this.pendingScale = factor;
      this.kineticTemperature *= factor * factor;
    }
    this.steps++;
  }

  /** Scale, half kick and drift; returns the largest squared displacement since the last build (the staleness check). */
  private kickAndDrift(scale: number): number {
    const dt = this.timeStep;
    const h = 0.5 * dt;
    const { positions: x, velocities: v, forces: f, inverseMass: w, n } = this;
    const reference = this.neighbours.reference;
    let maxDisplacementSquared = 0;
    for (let i = 0; i < n; i++) {
      const s = h * w[i];
      const a = 3 * i;
      const vx = v[a] * scale + s * f[a],
        vy = v[a + 1] * scale + s * f[a + 1],
        vz = v[a + 2] * scale + s * f[a + 2];
      v[a] = vx;
      v[a + 1] = vy;
      v[a + 2] = vz;
      const px = x[a] + dt * vx,
        py = x[a + 1] + dt * vy,
        pz = x[a + 2] + dt * vz;
      x[a] = px;
      x[a + 1] = py;
      x[a + 2] = pz;
      const ex = px - reference[a],
        ey = py - reference[a + 1],
        ez = pz - reference[a + 2];
      const moved = ex * ex + ey * ey + ez * ez;
      if (moved > maxDisplacementSquared) maxDisplacementSquared = moved;
    }
    return maxDisplacementSquared;
  }

  /** The closing half kick; returns twice the kinetic energy. */
  private kick(): number {
    const h = 0.5 * this.timeStep;
    const { velocities: v, forces: f, inverseMass: w, mass, n } = this;
    let twiceKinetic = 0;
    for (let i = 0; i < n; i++) {
      const s = h * w[i];
      const a = 3 * i;
      const vx = v[a] + s * f[a],
        vy = v[a + 1] + s * f[a + 1],
        vz = v[a + 2] + s * f[a + 2];
      v[a] = vx;
      v[a + 1] = vy;
      v[a + 2] = vz;
      twiceKinetic += mass[i] * (vx * vx + vy * vy + vz * vz);
    }
    return twiceKinetic;
  }

  private applyPendingScale(): void {
    const factor = this.pendingScale;
    if (factor === 1) return;
    const v = this.velocities;
    for (let k = 0; k < v.length; k++) v[k] *= factor;
    this.pendingScale = 1;
  }

  /** Run `count` steps, adding each step's end-of-step temperature and pressure to the averages. */
  run(count: number): void {
    for (let s = 0; s < count; s++) {
      this.advance();
      this.averages.steps++;
      this.averages.temperatureSum += this.kineticTemperature;
      this.averages.pressureSum += this.pressure();
    }
    this.applyPendingScale();
  }

  /** Mean kinetic temperature and P / (rho T_kin) over the steps since resetAverages. */
  meanState(): { temperature: number; compressibilityFactor: number } {
    const { steps, temperatureSum, pressureSum } = this.averages;
    const temperature = temperatureSum / steps;
    return { temperature, compressibilityFactor: pressureSum / steps / ((this.n / this.box ** 3) * temperature) };
  }

  resetAverages(): void {
    Object.assign(this.averages, { steps: 0, temperatureSum: 0, pressureSum: 0 });
  }

  /** The current configuration in the original order, positions wrapped into [0, box). */
  configuration(): Configuration {
    const diameters = new Float64Array(this.n);
    for (let k = 0; k < this.n; k++) diameters[this.index[k]] = this.diameters[k];
    return { box: this.box, positions: wrapIntoBox(this.inOriginalOrder(this.positions), this.box), diameters };
  }
}
