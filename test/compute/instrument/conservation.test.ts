/**
 * Issue 18 (c): what goes in comes out.
 *  - No scattering (I = 0): all neutrons but the absorbed ones reach the detector in the direct
 *    beam: the total equals incident x transmission within Poisson (importance) or binomial
 *    (analog) error; with a cell narrower than the slit, the part of the beam beside the cell
 *    passes at full intensity.
 *  - Scattering: the scattered fraction equals T·d·∫I dΩ over the detector, the integral computed
 *    independently by quadrature (2 x 2 points per pixel x 9 wavelengths of the tilted triangle,
 *    seen from the sample centre).
 */
import { traceVirtualExperiment } from "../../../src/compute/instrument/beamline";
import { columnLow, rowLow } from "../../../src/compute/instrument/detector";
import { experimentFromPreset } from "../../../src/compute/instrument/presets";
import { sourceFlux, spectrumOf } from "../../../src/compute/instrument/spectrum";
import type { InstrumentSettings, VirtualExperiment } from "../../../src/compute/instrument/types";
import { evaluate } from "../../../src/compute/sas/evaluate";
import { SPHERES } from "./helpers";

const NONE = { width: 0, height: 0 };

function total(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

/** ∫ over the detector of I dΩ, averaged over the wavelength band. */
function detectorIntegral(inst: InstrumentSettings): number {
  const d = inst.detector;
  const L2 = inst.detectorDistance;
  const sub = 2;
  const s = spectrumOf(inst);
  const points = d.rows * d.columns * sub * sub;
  const r2 = new Float64Array(points);
  let p = 0;
  for (let r = 0; r < d.rows; r++)
    for (let c = 0; c < d.columns; c++)
      for (let a = 0; a < sub; a++)
        for (let b = 0; b < sub; b++) {
          const x = columnLow(d, c) + ((b + 0.5) / sub) * d.pixelWidth;
          const y = rowLow(d, r) + ((a + 0.5) / sub) * d.pixelHeight;
          r2[p++] = x * x + y * y;
        }
  const dA = (d.pixelWidth * d.pixelHeight) / (sub * sub);
  let sum = 0;
  let weights = 0;
  for (let i = 0; i < 9; i++) {
    const x = -1 + (2 * (i + 0.5)) / 9;
    const lambda = s.lambda0 + s.halfBase * x;
    const w = (1 - Math.abs(x)) * sourceFlux(lambda, s.lambdaT2);
    const q = r2.map((v) => (4 * Math.PI * Math.sin(Math.atan2(Math.sqrt(v), L2) / 2)) / lambda);
    const I = evaluate(SPHERES.model, SPHERES.parameters, q).I;
    let integral = 0;
    for (let j = 0; j < points; j++) integral += (I[j] * dA * L2) / Math.pow(L2 * L2 + r2[j], 1.5);
    sum += w * integral;
    weights += w;
  }
  return sum / weights;
}

describe("virtual KWS-1: conservation", () => {
  const noScattering = (sampling: "importance" | "analog", width?: number): VirtualExperiment => {
    const exp = experimentFromPreset("kws1-6A-8m8m-slit1x1-cell2-d1mm", {
      sample: { model: "sphere", parameters: { ...SPHERES.parameters, scale: 0 }, transmission: 0.7, ...(width ? { width } : {}) },
      instrument: { beamstop: NONE },
      neutrons: 400000,
      seed: 2,
      sampling,
    });
    return exp;
  };

  it.each(["importance", "analog"] as const)("%s: without scattering the direct beam carries incident x T", (sampling) => {
    const exp = noScattering(sampling);
    const image = traceVirtualExperiment(exp).image;
    const n = exp.neutrons;
    const T = exp.sample.transmission;
    const sigma = Math.sqrt(sampling === "analog" ? n * T * (1 - T) : n * T);
    expect(image.beamstopCounts).toBe(0);
    expect(Math.abs(total(image.counts) - n * T)).toBeLessThan(4 * sigma);
    if (image.expected) expect(total(image.expected)).toBeCloseTo(n * T, 6);
  });

  it("a cell half as wide as the slit lets half the beam pass unattenuated", () => {
    const exp = noScattering("analog", 0.005);
    const image = traceVirtualExperiment(exp).image;
    const n = exp.neutrons;
    const T = exp.sample.transmission;
    const mean = n * (0.5 + 0.5 * T);
    // binomial over the cell (T) and over where the neutron is (inside / outside)
    const p = 0.5 + 0.5 * T;
    expect(Math.abs(total(image.counts) - mean)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
  });

  it.each(["importance", "analog"] as const)("%s: the scattered fraction is T·d·∫I dΩ over the detector", (sampling) => {
    const exp = experimentFromPreset("kws1-6A-8m8m-slit1x1-cell2-d1mm", {
      sample: SPHERES,
      instrument: { beamstop: NONE },
      neutrons: sampling === "analog" ? 2e6 : 1e6,
      seed: 8,
      sampling,
    });
    const trace = traceVirtualExperiment(exp);
    const expected = exp.sample.transmission * exp.sample.thickness * detectorIntegral(exp.instrument);
    const n = exp.neutrons;
    // analog: a binomial count; importance: the estimate's own error is far smaller, 1 % is loose.
    const tolerance = sampling === "analog" ? 4 * Math.sqrt(expected / n) : 0.01 * expected;
    expect(Math.abs(trace.scatteredFraction - expected)).toBeLessThan(tolerance);
    // And the image holds direct + scattered.
    if (trace.image.expected) {
      const direct = n * exp.sample.transmission;
      expect(Math.abs(total(trace.image.expected) - direct - n * trace.scatteredFraction)).toBeLessThan(1e-6 * n);
    }
  });
});
