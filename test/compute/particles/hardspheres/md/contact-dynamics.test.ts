import {
  carnahanStarlingCompressibility,
  contactPairEnergy,
  contactPairForceOverDistance,
  ContactDynamics,
  initialConfiguration,
  minimumImage,
  NeighbourList,
  PAPER_EPSILON,
} from "../../../../../src/compute/particles/hardspheres";
import { Random } from "../../../../../src/compute/random";

describe("contact Lennard-Jones pair potential", () => {
  it("its force is minus the derivative of its energy (central differences)", () => {
    const contact = 1.15;
    for (const r of [0.97, 0.99, 1.0, 1.1, 1.149]) {
      const h = 1e-7;
      const dUdr = (contactPairEnergy((r + h) ** 2, contact ** 2, PAPER_EPSILON) - contactPairEnergy((r - h) ** 2, contact ** 2, PAPER_EPSILON)) / (2 * h);
      const force = contactPairForceOverDistance(r * r, contact ** 2, PAPER_EPSILON) * r;
      expect(force).toBeCloseTo(-dUdr, 3);
      expect(force).toBeGreaterThan(0);
    }
  });

  it("is zero at and beyond contact, continuous in energy, with a force jump of 24 epsilon / contact there", () => {
    expect(contactPairEnergy(1, 1, 100)).toBe(0);
    expect(contactPairEnergy(1.0001, 1, 100)).toBe(0);
    expect(contactPairEnergy(0.999999 ** 2, 1, 100)).toBeCloseTo(0, 2);
    expect(contactPairForceOverDistance(0.9999999999 ** 2, 1, 100)).toBeCloseTo(2400, 3);
    // At r = 2^(-1/6) of contact, (contact / r)^6 = 2: U = 4 epsilon (2^2 - 2).
    expect(contactPairEnergy(2 ** (-1 / 3), 1, 100)).toBeCloseTo(4 * 100 * (4 - 2), 9);
  });
});

describe("neighbour list", () => {
  it("lists exactly the pairs within contact + skin (all pairs checked, polydisperse)", () => {
    const random = new Random(3);
    const n = 400,
      box = 9;
    const positions = Float64Array.from({ length: 3 * n }, () => random.uniform(0, box));
    const diameters = Float64Array.from({ length: n }, () => random.uniform(0.7, 1.3));
    const list = new NeighbourList(box, diameters, 0.3);
    list.build(positions);
    const listed = new Set<string>();
    for (let segment = 0; segment < n; segment++) {
      const i = list.owner[segment];
      for (let k = list.start[segment]; k < list.start[segment + 1]; k++) listed.add(`${Math.min(i, list.partners[k])},${Math.max(i, list.partners[k])}`);
    }
    let expected = 0;
    const wrong: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let r2 = 0;
        for (let a = 0; a < 3; a++) r2 += minimumImage(positions[3 * j + a] - positions[3 * i + a], box) ** 2;
        const within = Math.sqrt(r2) < 0.5 * (diameters[i] + diameters[j]) + 0.3;
        if (within) expected++;
        if (listed.has(`${i},${j}`) !== within) wrong.push(`${i},${j}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(listed.size).toBe(expected);
    expect(list.start[n]).toBe(expected); // each pair once
    expect(new Set(list.owner).size).toBe(n); // one segment per particle
  });

  it("goes stale once a particle has moved more than half the skin", () => {
    const positions = Float64Array.from([1, 1, 1, 3, 3, 3, 5, 5, 5]);
    const list = new NeighbourList(7, Float64Array.from([1, 1, 1]), 0.4);
    list.build(positions);
    positions[4] += 0.19;
    expect(list.isStale(positions)).toBe(false);
    positions[4] += 0.02;
    expect(list.isStale(positions)).toBe(true);
  });

  it("refuses a box too small for three cells", () => {
    expect(() => new NeighbourList(3.5, Float64Array.from([1, 1]), 0.3)).toThrow(/at least 3 cells/);
  });
});

function totalEnergy(md: ContactDynamics): number {
  let kinetic = 0;
  for (let i = 0; i < md.n; i++) kinetic += 0.5 * md.mass[i] * (md.velocities[3 * i] ** 2 + md.velocities[3 * i + 1] ** 2 + md.velocities[3 * i + 2] ** 2);
  return kinetic + md.potentialEnergy();
}

function totalMomentum(md: ContactDynamics): number[] {
  const p = [0, 0, 0];
  for (let i = 0; i < md.n; i++) for (let a = 0; a < 3; a++) p[a] += md.mass[i] * md.velocities[3 * i + a];
  return p;
}

describe("contact dynamics (velocity Verlet)", () => {
  const config = initialConfiguration({ distribution: "uniform", sigma: 0.1, eta: 0.3, n: 400, seed: 21 });

  /** Largest |E - E_start| / N over `time` after `warmup` (the start has no overlaps, so collisions need a moment). */
  function energyDeviation(timeStep: number, warmup: number, time: number): { deviation: number; md: ContactDynamics } {
    const md = new ContactDynamics(config, { timeStep, epsilon: PAPER_EPSILON, temperature: null, seed: 1 });
    md.run(Math.round(warmup / timeStep));
    const start = totalEnergy(md);
    let deviation = 0;
    for (let b = 0; b < 20; b++) {
      md.run(Math.round(time / timeStep / 20));
      deviation = Math.max(deviation, Math.abs(totalEnergy(md) - start) / md.n);
    }
    return { deviation, md };
  }

  it("conserves energy without a thermostat as the step shrinks, and momentum always", () => {
    // The force jumps at contact, so each crossing costs an error of order F v dt: first order in dt.
    const fine = energyDeviation(2.5e-6, 0.02, 0.06);
    const coarse = energyDeviation(2e-5, 0.02, 0.06);
    expect(fine.deviation).toBeLessThan(5e-4); // E / N is about 1.5
    expect(fine.deviation).toBeLessThan(0.25 * coarse.deviation);
    for (const p of totalMomentum(fine.md)) expect(Math.abs(p)).toBeLessThan(1e-10);
    expect(fine.md.temperature()).toBeGreaterThan(0.9);
  });

  it("the authors' time step does not conserve energy: it heats (the cause of their curves' offset)", () => {
    const md = new ContactDynamics(config, { timeStep: 1e-3, epsilon: PAPER_EPSILON, temperature: null, seed: 1 });
    md.run(200);
    const start = totalEnergy(md);
    md.run(2000);
    expect((totalEnergy(md) - start) / md.n).toBeGreaterThan(0.2);
  });

  /** Monodisperse NVT at T = 1 from a hard-sphere start: averages over `steps` after `warmup`. */
  function thermostatted(eta: number, timeStep: number, seed: number, warmup: number, steps: number) {
    const dense = initialConfiguration({ distribution: "uniform", sigma: 0, eta, n: 500, seed });
    const md = new ContactDynamics(dense, { timeStep, epsilon: PAPER_EPSILON, temperature: 1, seed: 2 });
    md.run(warmup);
    md.resetAverages();
    md.run(steps);
    return md.meanState();
  }

  it("with the Nosé–Hoover chain at a resolved step: T = 1 and the pressure of hard spheres (Carnahan–Starling)", () => {
    const { temperature, compressibilityFactor: z } = thermostatted(0.3, 1e-4, 4, 3000, 20000);
    expect(Math.abs(temperature - 1)).toBeLessThan(0.03);
    // The contact wall is hard to 0.04 % of the diameter: Z within 4 % of exact hard spheres (3.97).
    expect(Math.abs(z / carnahanStarlingCompressibility(0.3) - 1)).toBeLessThan(0.04);
  });

  it("at the authors' step (0.001) and eta 0.45 the thermostat cannot hold T = 1 (LAMMPS here: 2.6 at N = 4000)", () => {
    expect(thermostatted(0.45, 1e-3, 6, 2000, 6000).temperature).toBeGreaterThan(1.5);
  });

  it("keeps positions in the box when sampled and rejects bad settings", () => {
    const md = new ContactDynamics(config, { timeStep: 1e-3, epsilon: PAPER_EPSILON, temperature: 1, seed: 3 });
    md.run(300);
    const sample = md.configuration();
    for (const x of sample.positions) expect(x >= 0 && x < sample.box).toBe(true);
    expect(() => new ContactDynamics(config, { timeStep: 0, epsilon: 100, temperature: 1, seed: 1 })).toThrow(RangeError);
    expect(() => new ContactDynamics(config, { timeStep: 1e-3, epsilon: 100, temperature: -1, seed: 1 })).toThrow(RangeError);
  });
});
