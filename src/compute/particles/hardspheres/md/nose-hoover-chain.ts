/**
 * Nosé–Hoover chain thermostat (Martyna, Klein & Tuckerman 1992) in the Trotter-split form LAMMPS's
 * `fix nvt` integrates (Martyna, Tuckerman, Tobias & Klein 1996): a chain of `length` thermostat
 * variables, masses Q_1 = dof kT tau^2 and Q_k = kT tau^2, and a half-step update before the first and
 * after the second velocity half-kick of velocity Verlet. Each half step returns the factor by which
 * all velocities are scaled. Reproducing the authors' MD means reproducing how their thermostat
 * fights the energy the integrator pumps in, so the defaults are LAMMPS's (chain of 3, one loop).
 */
export class NoseHooverChain {
  /** Thermostat "velocities" d eta_k / dt (one extra zero so the top of the chain needs no branch). */
  private readonly etaDot: Float64Array;
  private readonly etaDotDot: Float64Array;
  private readonly mass: Float64Array;

  constructor(
    readonly temperature: number,
    /** Relaxation time tau (LAMMPS's Tdamp; the authors': 100 time steps). */
    readonly damping: number,
    /** Degrees of freedom of the thermostatted kinetic energy (3N - 3 with total momentum zero). */
    readonly degreesOfFreedom: number,
    readonly length = 3,
  ) {
    if (!(temperature > 0) || !(damping > 0) || !(degreesOfFreedom > 0) || !(length >= 1)) {
      throw new RangeError("NoseHooverChain: temperature, damping, degrees of freedom and length must be positive");
    }
    const frequency = 1 / damping;
    this.etaDot = new Float64Array(length + 1);
    this.etaDotDot = new Float64Array(length);
    this.mass = new Float64Array(length).fill(temperature / frequency ** 2);
    this.mass[0] *= degreesOfFreedom;
    for (let k = 1; k < length; k++) this.etaDotDot[k] = (this.mass[k - 1] * this.etaDot[k - 1] ** 2 - temperature) / this.mass[k];
  }

  /**
   * Advance the chain by dt / 2 given the current kinetic temperature; returns the velocity scale
   * factor (the caller scales every velocity by it).
   */
  halfStep(kineticTemperature: number, dt: number): number {
    const { etaDot, etaDotDot, mass, length, temperature } = this;
    const quarter = 0.25 * dt;
    const eighth = 0.125 * dt;
    const targetEnergy = this.degreesOfFreedom * temperature;
    let kinetic = this.degreesOfFreedom * kineticTemperature;
    etaDotDot[0] = (kinetic - targetEnergy) / mass[0];
    // Down the chain: each variable is damped by the one above it, then kicked by its force.
    for (let k = length - 1; k >= 0; k--) {
      const damp = Math.exp(-eighth * etaDot[k + 1]);
      etaDot[k] = (etaDot[k] * damp + etaDotDot[k] * quarter) * damp;
    }
    const scale = Math.exp(-0.5 * dt * etaDot[0]);
    kinetic *= scale * scale;
    etaDotDot[0] = (kinetic - targetEnergy) / mass[0];
    // Back up the chain with the rescaled kinetic energy.
    for (let k = 0; k < length; k++) {
      const damp = Math.exp(-eighth * etaDot[k + 1]);
      if (k > 0) etaDotDot[k] = (mass[k - 1] * etaDot[k - 1] ** 2 - temperature) / mass[k];
      etaDot[k] = (etaDot[k] * damp + etaDotDot[k] * quarter) * damp;
    }
    return scale;
  }
}
