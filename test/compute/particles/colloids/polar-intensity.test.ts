import { Random } from "../../../../src/compute/random";
import {
  directPolarIntensity,
  particlesInBeam,
  polarGrid,
  polarIntensity,
  sampleConfiguration,
  sphereAmplitude,
  type ColloidConfiguration,
} from "../../../../src/compute/particles/colloids";

function maxRelativeError(fast: Float64Array, reference: Float64Array): number {
  let scale = 0;
  for (const v of reference) scale = Math.max(scale, v);
  let worst = 0;
  for (let p = 0; p < reference.length; p++) worst = Math.max(worst, Math.abs(fast[p] - reference[p]) / scale);
  return worst;
}

describe("polar intensity (eq. 1) on the paper's grid", () => {
  const grid = polarGrid(0.5, 5, 24, 25);

  it.each([
    ["monodisperse", 0],
    ["polydisperse R_s = 0.3", 0.3],
  ])("fast kernel equals the direct Math.sin/Math.cos sum (%s)", (_label, radiusSpread) => {
    const configuration = particlesInBeam(sampleConfiguration(new Random(11), 600, 800, radiusSpread), 800);
    expect(configuration.x.length).toBeGreaterThan(100);
    const fast = polarIntensity(configuration, grid);
    const direct = directPolarIntensity(configuration, grid);
    // Phases reach q |r| ~ 2800 rad, so a few 1e-13 relative is the floor of any double evaluation.
    expect(maxRelativeError(fast, direct)).toBeLessThan(1e-11);
  });

  it("stays accurate for phases of ~1e5 rad (range reduction)", () => {
    const far: ColloidConfiguration = {
      x: Float64Array.from([2e4, -1.5e4, 3.3e3, 17.25]),
      y: Float64Array.from([-1e4, 2.2e4, -7.7e3, 0.5]),
      radius: Float64Array.from([1, 1.2, 0.8, 1]),
    };
    expect(maxRelativeError(polarIntensity(far, grid), directPolarIntensity(far, grid))).toBeLessThan(1e-9);
  });

  it("a single particle scatters its normalised form factor F^2(q) in every direction", () => {
    const one: ColloidConfiguration = { x: Float64Array.from([123.4]), y: Float64Array.from([-56.7]), radius: Float64Array.from([1.3]) };
    const intensity = polarIntensity(one, grid);
    grid.q.forEach((q, k) => {
      const f = sphereAmplitude(q * 1.3);
      for (let j = 0; j < grid.theta.length; j++) expect(intensity[k * grid.theta.length + j]).toBeCloseTo(f * f, 12);
    });
  });

  it("I(q, pi) = I(q, 0) exactly (+-q symmetry), and an empty beam scatters nothing", () => {
    const configuration = particlesInBeam(sampleConfiguration(new Random(5), 400, 800, 0.2), 800);
    const intensity = polarIntensity(configuration, grid);
    const last = grid.theta.length - 1;
    for (let k = 0; k < grid.q.length; k++) expect(intensity[k * grid.theta.length + last]).toBe(intensity[k * grid.theta.length]);
    const empty: ColloidConfiguration = { x: new Float64Array(0), y: new Float64Array(0), radius: new Float64Array(0) };
    expect(Array.from(polarIntensity(empty, grid)).every((v) => v === 0)).toBe(true);
  });

  it("sphere amplitude: F(0) = 1, series and closed form agree at the switch, first zero at tan x = x", () => {
    expect(sphereAmplitude(0)).toBe(1);
    const x = 0.0100001;
    const closed = (3 * (Math.sin(x) - x * Math.cos(x))) / x ** 3;
    expect(Math.abs(sphereAmplitude(0.0099999) - closed)).toBeLessThan(1e-9);
    expect(Math.abs(sphereAmplitude(4.493409457909064))).toBeLessThan(1e-15);
  });
});
