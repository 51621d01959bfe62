import {
  carnahanStarlingCompressibility,
  carnahanStarlingContactValue,
  EventChainSampler,
  compressibilityFactor,
  initialConfiguration,
  minimumContactRatio,
  percusYevickContactValue,
  reducedPairCorrelation,
  volumeFraction,
  DIAMETER_DISTRIBUTIONS,
} from "../../../../src/compute/particles/hardspheres";

describe("initial configuration", () => {
  it.each(DIAMETER_DISTRIBUTIONS)("reaches eta = 0.5 without overlaps (%s, sigma 0.12)", (distribution) => {
    const config = initialConfiguration({ distribution, sigma: 0.12, eta: 0.5, n: 500, seed: 11 });
    expect(volumeFraction(config)).toBeCloseTo(0.5, 12);
    expect(minimumContactRatio(config)).toBeGreaterThanOrEqual(1 - 1e-12);
  });
});

describe("event-chain Monte Carlo", () => {
  it("never creates an overlap (all pairs checked), polydisperse lognormal at eta 0.45", () => {
    const config = initialConfiguration({ distribution: "lognormal", sigma: 0.12, eta: 0.45, n: 300, seed: 5 });
    const sampler = new EventChainSampler(config, 9, { chainLength: 1.5 });
    for (let k = 0; k < 10; k++) {
      sampler.runDisplacement(2);
      expect(minimumContactRatio(sampler.configuration())).toBeGreaterThanOrEqual(1 - 1e-12);
    }
    expect(sampler.statistics.events).toBeGreaterThan(0);
  });

  it.each([
    [0.3, 0.012],
    [0.45, 0.015],
  ])("monodisperse pressure from lifting statistics matches Carnahan-Starling at eta %s", (eta, tolerance) => {
    const config = initialConfiguration({ distribution: "uniform", sigma: 0, eta, n: 500, seed: 3 });
    const sampler = new EventChainSampler(config, 4);
    sampler.runDisplacement(20);
    Object.assign(sampler.statistics, { chains: 0, events: 0, totalDisplacement: 0, liftingSeparationSum: 0 });
    sampler.runDisplacement(300);
    const z = compressibilityFactor(sampler.statistics);
    expect(Math.abs(z / carnahanStarlingCompressibility(eta) - 1)).toBeLessThan(tolerance);
  });

  it("contact value of g(r) at eta 0.3 matches Carnahan-Starling and not Percus-Yevick", () => {
    const eta = 0.3;
    const config = initialConfiguration({ distribution: "uniform", sigma: 0, eta, n: 400, seed: 8 });
    const sampler = new EventChainSampler(config, 2);
    sampler.runDisplacement(20);
    const bins = 10;
    const maxRatio = 1.1;
    const g = new Float64Array(bins);
    const samples = 40;
    for (let s = 0; s < samples; s++) {
      sampler.runDisplacement(3);
      const h = reducedPairCorrelation(sampler.configuration(), maxRatio, bins);
      for (let b = 0; b < bins; b++) g[b] += h.g[b] / samples;
    }
    // Linear least squares over the first 0.1 diameter, extrapolated to contact.
    const r = reducedPairCorrelation(sampler.configuration(), maxRatio, bins).r;
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (let b = 0; b < bins; b++) {
      sx += r[b];
      sy += g[b];
      sxx += r[b] * r[b];
      sxy += r[b] * g[b];
    }
    const slope = (bins * sxy - sx * sy) / (bins * sxx - sx * sx);
    const contact = (sy - slope * sx) / bins + slope;
    const cs = carnahanStarlingContactValue(eta);
    expect(Math.abs(contact / cs - 1)).toBeLessThan(0.03);
    expect(Math.abs(contact / percusYevickContactValue(eta) - 1)).toBeGreaterThan(0.02);
  });
});
