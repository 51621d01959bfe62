import { Random } from "../../../random";
import { Configuration, pairDistanceSquared, wrapIntoBox } from "../configuration";
import { contactPairEnergy } from "./contact-potential";
import { NeighbourList } from "./neighbour-list";
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
  readonly timeStep: number;
  readonly epsilon: number;
  readonly thermostat: NoseHooverChain | null;
  readonly averages: DynamicsAverages = { steps: 0, temperatureSum: 0, pressureSum: 0 };
  readonly neighbours: NeighbourList;
  steps = 0;
  /** Pair virial sum_pairs r . F of the last force evaluation. */
  private virial = 0;
  private kineticTemperature = 0;

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
    this.timeStep = options.timeStep;
    this.epsilon = options.epsilon;
    const dof = 3 * this.n - 3;
    const target = options.temperature;
    this.thermostat = target === null ? null : new NoseHooverChain(target, options.thermostatDamping ?? 100 * options.timeStep, dof);
    this.neighbours = new NeighbourList(this.box, this.diameters, options.skin ?? 0.3);
    this.maxwellVelocities(target ?? 1, new Random(options.seed));
    this.neighbours.build(this.positions);
    this.computeForces();
    this.kineticTemperature = this.temperature();
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

  /** Total potential energy (O(pairs); for checks, not for the loop). */
  potentialEnergy(): number {
    const { positions, diameters: d, box } = this;
    const { owner, start, partners } = this.neighbours;
    let energy = 0;
    for (let segment = 0; segment < this.n; segment++) {
      const i = owner[segment];
      for (let k = start[segment]; k < start[segment + 1]; k++) {
        const j = partners[k];
        const contact = 0.5 * (d[i] + d[j]);
        energy += contactPairEnergy(pairDistanceSquared(positions, box, i, j), contact * contact, this.epsilon);
      }
    }
    return energy;
  }

  /** Forces and virial from the neighbour list (the hot loop: plain arithmetic on typed arrays). */
  computeForces(): void {
    const { positions: x, diameters: d, forces: f, box } = this;
    const { owner, start, partners } = this.neighbours;
    const half = 0.5 * box;
    const e24 = 24 * this.epsilon;
    let virial = 0;
    f.fill(0);
    for (let segment = 0; segment < this.n; segment++) {
      const i = owner[segment];
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      const di = d[i];
      let fx = 0,
        fy = 0,
        fz = 0;
      const end = start[segment + 1];
      for (let k = start[segment]; k < end; k++) {
        const j = partners[k];
        let dx = x[3 * j] - xi;
        let dy = x[3 * j + 1] - yi;
        let dz = x[3 * j + 2] - zi;
        if (dx > half) dx -= box;
        else if (dx < -half) dx += box;
        if (dy > half) dy -= box;
        else if (dy < -half) dy += box;
        if (dz > half) dz -= box;
        else if (dz < -half) dz += box;
        const r2 = dx * dx + dy * dy + dz * dz;
        const contact = 0.5 * (di + d[j]);
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
    this.virial = virial;
  }

  /**
   * One step in LAMMPS's order: thermostat half step (with the temperature at the end of the last
   * step), half kick, drift, forces (rebuilding the neighbour list when stale), half kick,
   * temperature, thermostat half step. Loops are fused: this is the hot path.
   */
  step(): void {
    const dt = this.timeStep;
    const h = 0.5 * dt;
    const { positions: x, velocities: v, forces: f, inverseMass: w } = this;
    const scale = this.thermostat ? this.thermostat.halfStep(this.kineticTemperature, dt) : 1;
    for (let i = 0; i < this.n; i++) {
      const s = h * w[i];
      const a = 3 * i;
      const vx = v[a] * scale + s * f[a],
        vy = v[a + 1] * scale + s * f[a + 1],
        vz = v[a + 2] * scale + s * f[a + 2];
      v[a] = vx;
      v[a + 1] = vy;
      v[a + 2] = vz;
      x[a] += dt * vx;
      x[a + 1] += dt * vy;
      x[a + 2] += dt * vz;
    }
    if (this.neighbours.isStale(x)) this.neighbours.build(x);
    this.computeForces();
    let twiceKinetic = 0;
    const mass = this.mass;
    for (let i = 0; i < this.n; i++) {
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
    this.kineticTemperature = twiceKinetic / (3 * this.n - 3);
    if (this.thermostat) {
      const factor = this.thermostat.halfStep(this.kineticTemperature, dt);
      for (let k = 0; k < v.length; k++) v[k] *= factor;
      this.kineticTemperature *= factor * factor;
    }
    this.steps++;
  }

  /** Run `count` steps, adding each step's end-of-step temperature and pressure to the averages. */
  run(count: number): void {
    for (let s = 0; s < count; s++) {
      this.step();
      this.averages.steps++;
      this.averages.temperatureSum += this.kineticTemperature;
      this.averages.pressureSum += this.pressure();
    }
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

  /** The current configuration, positions wrapped into [0, box). */
  configuration(): Configuration {
    return { box: this.box, positions: wrapIntoBox(this.positions.slice(), this.box), diameters: this.diameters.slice() };
  }
}
