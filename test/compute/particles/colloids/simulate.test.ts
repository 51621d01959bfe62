import { Random } from "../../../../src/compute/random";
import {
  ColloidSpecError,
  correlationOnGrid,
  finiteBeamCorrelation,
  particlesInBeam,
  sampleConfiguration,
  sphereAmplitude,
  sphereVolume,
  simulateShearedColloids,
  theoryCorrelation,
} from "../../../../src/compute/particles/colloids";

/** Small grid and a few hundred realisations keep each run near a second. */
const SMALL = { qCount: 30, thetaCount: 31, realisations: 240 } as const;

function zScores(simulated: Float64Array, theory: Float64Array, stdErr: Float64Array): number[] {
  return Array.from(simulated, (g, i) => (g - theory[i]) / stdErr[i]);
}

describe("sheared colloid Monte Carlo reproduces eq. 5 for dilute monodisperse particles", () => {
  const cases = [
    { nL2: 150, d2: 0.5, gammaL: 10, seed: 3 },
    { nL2: 150, d2: 0, gammaL: 30, seed: 4 },
  ];
  const runs = cases.map((c) => ({ c, result: simulateShearedColloids({ ...SMALL, radiusSpread: 0, ...c }) }));

  it.each(runs.map((r) => [r.c, r.result] as const))("g(theta), g(q), g(q, theta) agree within sampling noise: %o", (c, result) => {
    const grid = { q: result.q, theta: result.theta };
    const eq5 = correlationOnGrid(grid, (q, t) => theoryCorrelation(q, t, c));
    const finite = correlationOnGrid(grid, (q, t) => finiteBeamCorrelation(q, t, c));
    // Against eq. 5 itself: within 4.5 standard errors plus the (computed) finite-beam bias.
    result.gTheta.forEach((g, j) => {
      const bias = Math.abs(eq5.gTheta[j] - finite.gTheta[j]);
      expect(Math.abs(g - eq5.gTheta[j])).toBeLessThan(4.5 * result.gThetaStdErr[j] + bias);
    });
    // Against the finite-beam form: every profile point within 4.5 sigma, chi^2 per point near 1.
    for (const [sim, th, err] of [
      [result.gTheta, finite.gTheta, result.gThetaStdErr],
      [result.gq, finite.gq, result.gqStdErr],
      [result.gQTheta, finite.gQTheta, result.gQThetaStdErr],
    ] as const) {
      const z = zScores(sim, th, err);
      // z is Student-t-like with 19 d.o.f. (20 jackknife batches): allow its tail over z.length points.
      expect(Math.max(...z.map(Math.abs))).toBeLessThan(z.length > 100 ? 7 : 5);
      expect(z.reduce((s, v) => s + v * v, 0) / z.length).toBeLessThan(2);
    }
    // The errors are sampling noise of the right size: 240 realisations, ~exponential speckle.
    expect(Math.max(...result.gThetaStdErr)).toBeLessThan(0.05);
    expect(Math.abs(result.meanParticlesInBeam - c.nL2)).toBeLessThan(4 * Math.sqrt(c.nL2 / SMALL.realisations) + 1);
  });

  it("shear gradient direction keeps the correlation: g(theta = pi/2) exceeds g(0) by many sigma", () => {
    const result = runs[1].result;
    const middle = (result.theta.length - 1) / 2;
    expect(result.gTheta[middle] - result.gTheta[0]).toBeGreaterThan(10 * (result.gThetaStdErr[middle] + result.gThetaStdErr[0]));
  });

  it("symmetries: theta = 0 and pi identical; g(theta) = g(pi - theta) within noise", () => {
    const result = runs[0].result;
    const n = result.theta.length;
    for (let k = 0; k < result.q.length; k++) expect(result.gQTheta[k * n + n - 1]).toBe(result.gQTheta[k * n]);
    for (let j = 0; j < n; j++) {
      const mirror = n - 1 - j;
      const err = Math.hypot(result.gThetaStdErr[j], result.gThetaStdErr[mirror]);
      expect(Math.abs(result.gTheta[j] - result.gTheta[mirror])).toBeLessThan(4.5 * err);
    }
  });
});

describe("exact limits", () => {
  it("one realisation without rearrangement: g = I^2 / I^2 = 1 at every point", () => {
    const result = simulateShearedColloids({ nL2: 120, radiusSpread: 0.2, d2: 0, gammaL: 0, realisations: 1, seed: 9, qCount: 12, thetaCount: 13 });
    for (const g of result.gQTheta) expect(g).toBeCloseTo(1, 12);
    expect(result.gThetaStdErr.every(Number.isNaN)).toBe(true);
  });

  it("no rearrangement: g = <I^2>/<I>^2 >= 1 everywhere (Cauchy-Schwarz), ~2 - 1/N for monodisperse speckle", () => {
    const result = simulateShearedColloids({ nL2: 100, radiusSpread: 0, d2: 0, gammaL: 0, realisations: 200, seed: 2, qCount: 12, thetaCount: 13 });
    for (const g of result.gQTheta) expect(g).toBeGreaterThanOrEqual(1);
    const mean = result.gTheta.reduce((s, v) => s + v, 0) / result.gTheta.length;
    expect(Math.abs(mean - (2 - 1 / 100))).toBeLessThan(0.06);
  });

  it("is deterministic in the seed", () => {
    const spec = { nL2: 50, radiusSpread: 0.1, d2: 1, gammaL: 10, realisations: 5, qCount: 8, thetaCount: 9 };
    const a = simulateShearedColloids({ ...spec, seed: 1 });
    const b = simulateShearedColloids({ ...spec, seed: 1 });
    const c = simulateShearedColloids({ ...spec, seed: 2 });
    expect(Array.from(a.gQTheta)).toEqual(Array.from(b.gQTheta));
    expect(Array.from(a.gQTheta)).not.toEqual(Array.from(c.gQTheta));
  });
});

describe("polydispersity (paper Fig. 3a): raises the high-q plateau of g(q)", () => {
  /**
   * Once the phases have fully decorrelated, E[I I' | radii] = X X' with X = sum V^2 F^2 / sum V^2 over
   * the beam, so the plateau is E[X^2] / E[X]^2 (X' = X up to the few sheared-out particles): an
   * independent prediction from radii alone, no scattering sums.
   */
  function decorrelatedPlateau(q: Float64Array, nL2: number, radiusSpread: number, samples: number): Float64Array {
    const random = new Random(77);
    const sumX = new Float64Array(q.length);
    const sumX2 = new Float64Array(q.length);
    for (let s = 0; s < samples; s++) {
      const { radius } = particlesInBeam(sampleConfiguration(random, Math.round(4 * nL2), 800, radiusSpread), 800);
      const squaredVolumes = Array.from(radius, (r) => sphereVolume(r) ** 2);
      const weights = squaredVolumes.reduce((a, b) => a + b, 0);
      q.forEach((qk, k) => {
        let weighted = 0;
        radius.forEach((r, i) => (weighted += squaredVolumes[i] * sphereAmplitude(qk * r) ** 2));
        const x = weighted / weights;
        sumX[k] += x;
        sumX2[k] += x * x;
      });
    }
    return sumX2.map((s2, k) => s2 / samples / (sumX[k] / samples) ** 2);
  }

  it.each([0, 0.3])("R_s = %p: plateau (q >= 1.4, D_2 = 3) matches E[X^2]/E[X]^2", (radiusSpread) => {
    const result = simulateShearedColloids({ nL2: 150, d2: 3, gammaL: 10, realisations: 2000, seed: 5, qMin: 1.4, qCount: 6, thetaCount: 3, radiusSpread });
    const plateauQ = Array.from(result.q.keys()).filter((k) => result.q[k] >= 1.4);
    const expected = decorrelatedPlateau(
      Float64Array.from(plateauQ, (k) => result.q[k]),
      150,
      radiusSpread,
      2000,
    );
    plateauQ.forEach((k, p) => {
      expect(Math.abs(result.gq[k] - expected[p])).toBeLessThan(5 * result.gqStdErr[k] + 0.01);
      if (radiusSpread === 0) expect(Math.abs(expected[p] - 1)).toBeLessThan(1e-12);
    });
    if (radiusSpread > 0) {
      const mean = plateauQ.reduce((s, k) => s + result.gq[k], 0) / plateauQ.length;
      expect(mean).toBeGreaterThan(1.03); // the rise the paper reports
    }
  });
});

describe("configuration sampling", () => {
  it("lognormal radii give PDI = <R^6>/<R^3>^2 = exp(9 R_s^2)", () => {
    const radiusSpread = 0.15;
    const { radius, x, y } = sampleConfiguration(new Random(1), 200000, 800, radiusSpread);
    let r3 = 0;
    let r6 = 0;
    for (const r of radius) {
      r3 += r ** 3;
      r6 += r ** 6;
    }
    const pdi = r6 / radius.length / (r3 / radius.length) ** 2;
    expect(pdi).toBeCloseTo(Math.exp(9 * radiusSpread ** 2), 2);
    expect(x.every((v) => v >= -800 && v < 800)).toBe(true);
    expect(y.every((v) => v >= -800 && v < 800)).toBe(true);
  });
});

describe("spec validation", () => {
  const valid = { nL2: 150, radiusSpread: 0, d2: 1, gammaL: 10, realisations: 10, seed: 1 };
  it.each([
    ["nL2", { nL2: -1 }],
    ["radiusSpread", { radiusSpread: Number.NaN }],
    ["d2", { d2: -0.1 }],
    ["realisations", { realisations: 2.5 }],
    ["qCount", { qCount: 0 }],
    ["gammaL", { gammaL: Number.POSITIVE_INFINITY }],
  ])("rejects a bad %s with ColloidSpecError naming it", (field, patch) => {
    let caught: unknown;
    try {
      simulateShearedColloids({ ...valid, ...patch });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ColloidSpecError);
    expect((caught as ColloidSpecError).field).toBe(field);
  });

  it("reports progress up to 1", () => {
    const fractions: number[] = [];
    simulateShearedColloids({ ...valid, realisations: 4, qCount: 4, thetaCount: 5 }, (f) => fractions.push(f));
    expect(fractions[fractions.length - 1]).toBe(1);
  });
});
