import {
  carnahanStarlingCompressibility,
  contactPairEnergy,
  contactPairForceOverDistance,
  ContactDynamics,
  IMAGE_SHIFTS,
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

/** Reorder xyz positions and diameters into the slots `order` gives (slot k takes particle order[k]). */
function sortedBy(order: Int32Array, positions: Float64Array, diameters: Float64Array): { positions: Float64Array; diameters: Float64Array } {
  return {
    positions: Float64Array.from({ length: positions.length }, (_, a) => positions[3 * order[Math.floor(a / 3)] + (a % 3)]),
    diameters: Float64Array.from(order, (i) => diameters[i]),
  };
}

describe("neighbour list", () => {
  it("lists exactly the pairs within contact + skin, each once, with the minimum image (all pairs checked, polydisperse)", () => {
    const random = new Random(3);
    const n = 400,
      box = 9;
    const raw = Float64Array.from({ length: 3 * n }, () => random.uniform(0, box));
    const rawDiameters = Float64Array.from({ length: n }, () => random.uniform(0.7, 1.3));
    const list = new NeighbourList(box, rawDiameters, 0.3);
    const { positions, diameters } = sortedBy(list.cellOrder(raw), raw, rawDiameters);
    list.build(positions, diameters);
    const listed = new Map<string, number[]>();
    const add = (i: number, j: number, shift: number[]): void => {
      const key = `${Math.min(i, j)},${Math.max(i, j)}`;
      expect(listed.has(key)).toBe(false);
      // The separation the force loop will use: j's listed image minus i.
      listed.set(
        key,
        shift.map((s, a) => (positions[3 * j + a] + s * box - positions[3 * i + a]) * (i < j ? 1 : -1)),
      );
    };
    for (let i = 0; i < n; i++) for (let k = list.start[i]; k < list.start[i + 1]; k++) add(i, list.partners[k], [0, 0, 0]);
    for (let k = 0; k < list.crossCount; k++)
      add(list.crossI[k], list.crossJ[k], Array.from(IMAGE_SHIFTS.subarray(3 * list.crossShift[k], 3 * list.crossShift[k] + 3)));
    let expected = 0;
    const wrong: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const separation = [0, 1, 2].map((a) => minimumImage(positions[3 * j + a] - positions[3 * i + a], box));
        const within = Math.hypot(...separation) < 0.5 * (diameters[i] + diameters[j]) + 0.3;
        if (within) expected++;
        const got = listed.get(`${i},${j}`);
        if ((got !== undefined) !== within || (got && got.some((g, a) => Math.abs(g - separation[a]) > 1e-12))) wrong.push(`${i},${j}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(listed.size).toBe(expected);
    expect(list.crossCount).toBeGreaterThan(0);
    expect(list.start[n] + list.crossCount).toBe(expected); // each pair once
  });

  it("sorts particles by cell: each cell's particles are consecutive", () => {
    const random = new Random(4);
    const n = 300,
      box = 8;
    const raw = Float64Array.from({ length: 3 * n }, () => random.uniform(-box, 2 * box)); // also wraps them
    const list = new NeighbourList(box, new Float64Array(n).fill(1), 0.3);
    const order = list.cellOrder(raw);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    const m = list.cellsPerSide;
    const cell = (i: number): number => [0, 1, 2].reduce((c, a) => c * m + Math.floor((raw[3 * i + a] / box) * m), 0);
    for (let k = 1; k < n; k++) expect(cell(order[k])).toBeGreaterThanOrEqual(cell(order[k - 1]));
    for (const x of raw) expect(x >= 0 && x < box).toBe(true);
  });

  it("goes stale once a particle has moved more than half the skin", () => {
    const list = new NeighbourList(7, Float64Array.from([1, 1, 1]), 0.4);
    const raw = Float64Array.from([1, 1, 1, 3, 3, 3, 5, 5, 5]);
    const { positions, diameters } = sortedBy(list.cellOrder(raw), raw, Float64Array.from([1, 1, 1]));
    list.build(positions, diameters);
    positions[4] += 0.19;
    expect(list.isStale(positions)).toBe(false);
    positions[4] += 0.02;
    expect(list.isStale(positions)).toBe(true);
  });

  it("refuses a box too small for three cells", () => {
    expect(() => new NeighbourList(3.5, Float64Array.from([1, 1]), 0.3)).toThrow(/at least 3 cells/);
  });
});

describe("contact dynamics forces", () => {
  it("equal a brute-force sum over all pairs (minimum image), after the particles were re-sorted", () => {
    const start = initialConfiguration({ distribution: "uniform", sigma: 0.15, eta: 0.45, n: 600, seed: 8 });
    const md = new ContactDynamics(start, { timeStep: 1e-3, epsilon: PAPER_EPSILON, temperature: 1, seed: 2 });
    md.run(300); // hot enough to overlap, with several list builds behind it
    expect(md.neighbours.builds).toBeGreaterThan(3);
    const config = md.configuration(); // original order, wrapped
    const { positions: x, diameters: d, box } = config;
    const n = md.n;
    const reference = new Float64Array(3 * n);
    let energy = 0;
    let contacts = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const r = [0, 1, 2].map((a) => minimumImage(x[3 * j + a] - x[3 * i + a], box));
        const r2 = r[0] ** 2 + r[1] ** 2 + r[2] ** 2;
        const c2 = (0.5 * (d[i] + d[j])) ** 2;
        const fOverR = contactPairForceOverDistance(r2, c2, PAPER_EPSILON);
        if (fOverR !== 0) contacts++;
        energy += contactPairEnergy(r2, c2, PAPER_EPSILON);
        for (let a = 0; a < 3; a++) {
          reference[3 * i + a] -= fOverR * r[a];
          reference[3 * j + a] += fOverR * r[a];
        }
      }
    }
    expect(contacts).toBeGreaterThan(20);
    md.computeForces();
    let worst = 0;
    let largest = 0;
    for (let k = 0; k < n; k++) {
      for (let a = 0; a < 3; a++) {
        worst = Math.max(worst, Math.abs(md.forces[3 * k + a] - reference[3 * md.index[k] + a]));
        largest = Math.max(largest, Math.abs(reference[3 * md.index[k] + a]));
      }
    }
    expect(largest).toBeGreaterThan(100);
    expect(worst / largest).toBeLessThan(1e-9);
    expect(md.potentialEnergy() / energy - 1).toBeCloseTo(0, 9);
    // configuration() gives the spheres back in the order they came in.
    expect(Array.from(config.diameters)).toEqual(Array.from(start.diameters));
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
