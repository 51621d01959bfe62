/**
 * Issue 18 (d) and (e), and the two Monte Carlo modes against each other: a seed fixes the image;
 * analog and importance sampling of the same instrument give the same I(Q) within their errors;
 * bad input is refused with SasInputError naming the field.
 */
import { simulateVirtualExperiment, traceVirtualExperiment } from "../../../src/compute/instrument/beamline";
import { combineImages } from "../../../src/compute/instrument/combine-images";
import { experimentFromPreset } from "../../../src/compute/instrument/presets";
import { reduceImage } from "../../../src/compute/instrument/reduction";
import type { VirtualExperiment } from "../../../src/compute/instrument/types";
import { SasInputError } from "../../../src/compute/sas/errors";
import { SPHERES } from "./helpers";

const PRESET = "kws1-6A-20m20m-slit1x1-cell2-d1mm";

function experiment(overrides: Partial<VirtualExperiment> = {}): VirtualExperiment {
  return { ...experimentFromPreset(PRESET, { sample: SPHERES, neutrons: 200000, seed: 4 }), ...overrides };
}

function refusal(exp: unknown): SasInputError {
  try {
    simulateVirtualExperiment(exp as VirtualExperiment);
  } catch (err) {
    if (err instanceof SasInputError) return err;
    throw err;
  }
  throw new Error("not refused");
}

describe("virtual KWS-1: Monte Carlo", () => {
  it.each(["importance", "analog"] as const)("%s: the same seed gives the same image, another seed another", (sampling) => {
    const a = simulateVirtualExperiment(experiment({ sampling }));
    const b = simulateVirtualExperiment(experiment({ sampling }));
    const c = simulateVirtualExperiment(experiment({ sampling, seed: 5 }));
    expect(a.shape).toEqual([144, 256]);
    expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
    expect(a.beamstopCounts).toBe(b.beamstopCounts);
    expect(Array.from(a.counts)).not.toEqual(Array.from(c.counts));
    for (const v of a.counts) expect(Number.isInteger(v) && v >= 0).toBe(true);
    expect(a.incident).toBe(200000);
    expect(a.sampling).toBe(sampling);
  });

  it("analog and importance sampling give the same I(Q) within their errors", () => {
    const base = experimentFromPreset("kws1-4.5A-8m8m-slit1x1-cell2-d2mm", { sample: SPHERES, neutrons: 4e6 });
    const analog = simulateVirtualExperiment({ ...base, sampling: "analog", seed: 21 });
    const importance = simulateVirtualExperiment({ ...base, sampling: "importance", seed: 22 });
    const options = { thickness: base.sample.thickness, bins: 40 };
    const a = reduceImage(analog, base.instrument, options);
    const b = reduceImage(importance, base.instrument, options);
    expect(a.q).toEqual(b.q);
    let chi = 0;
    let n = 0;
    for (let i = 0; i < a.q.length; i++) {
      if (a.counts[i] < 20 || b.counts[i] < 20) continue;
      chi += (a.intensity[i] - b.intensity[i]) ** 2 / (a.dI[i] ** 2 + b.dI[i] ** 2);
      n++;
    }
    expect(n).toBeGreaterThanOrEqual(25);
    expect(chi / n).toBeGreaterThan(0.5);
    expect(chi / n).toBeLessThan(2);
  });

  it("an image simulated in two halves is the sum of the halves", () => {
    const halves = [1, 2].map((seed) => simulateVirtualExperiment(experiment({ neutrons: 100000, seed })));
    const whole = combineImages(halves);
    expect(whole.incident).toBe(200000);
    expect(whole.beamstopCounts).toBe(halves[0].beamstopCounts + halves[1].beamstopCounts);
    for (const j of [0, 5000, 20000]) expect(whole.counts[j]).toBe(halves[0].counts[j] + halves[1].counts[j]);
    expect(whole.expected?.[20000]).toBeCloseTo((halves[0].expected?.[20000] ?? NaN) + (halves[1].expected?.[20000] ?? NaN), 12);
    const analog = simulateVirtualExperiment(experiment({ neutrons: 1000, sampling: "analog" }));
    expect(() => combineImages([halves[0], analog])).toThrow(SasInputError);
    expect(() => combineImages([])).toThrow(SasInputError);
  });

  it("progress runs from 0 to 1", () => {
    const seen: number[] = [];
    simulateVirtualExperiment(experiment(), (f) => seen.push(f));
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it("the envelope bounds every path (no rejection probability above 1)", () => {
    const trace = traceVirtualExperiment(
      experimentFromPreset("kws1-4.5A-8m1m-slit1.2x1.2-cell2-d2mm", { sample: SPHERES, neutrons: 300000, sampling: "analog" }),
    );
    expect(trace.envelopeExceeded).toBe(0);
    // and it is not loose: more than a third of the tries land
    expect(trace.scatteredFraction / trace.envelope).toBeGreaterThan(0.33);
  });

  describe("refusals name the field", () => {
    const base = experiment();
    const cases: [string, unknown, string][] = [
      ["NaN wavelength", { ...base, instrument: { ...base.instrument, wavelength: Number.NaN } }, "instrument.wavelength"],
      ["negative slit", { ...base, instrument: { ...base.instrument, sampleAperture: { width: -0.01, height: 0.01 } } }, "instrument.sampleAperture.width"],
      ["zero collimation", { ...base, instrument: { ...base.instrument, collimationLength: 0 } }, "instrument.collimationLength"],
      ["negative beamstop", { ...base, instrument: { ...base.instrument, beamstop: { width: -1, height: 0 } } }, "instrument.beamstop.width"],
      ["fractional rows", { ...base, instrument: { ...base.instrument, detector: { ...base.instrument.detector, rows: 14.5 } } }, "instrument.detector.rows"],
      ["spread of 1", { ...base, instrument: { ...base.instrument, wavelengthSpread: 1 } }, "instrument.wavelengthSpread"],
      ["transmission 0", { ...base, sample: { ...base.sample, transmission: 0 } }, "sample.transmission"],
      ["transmission 1.5", { ...base, sample: { ...base.sample, transmission: 1.5 } }, "sample.transmission"],
      ["negative thickness", { ...base, sample: { ...base.sample, thickness: -0.1 } }, "sample.thickness"],
      ["zero cell width", { ...base, sample: { ...base.sample, width: 0 } }, "sample.width"],
      ["no neutrons", { ...base, neutrons: 0 }, "neutrons"],
      ["fractional neutrons", { ...base, neutrons: 1.5 }, "neutrons"],
      ["huge neutrons", { ...base, neutrons: 1e13 }, "neutrons"],
      ["analog beyond its limit", { ...base, neutrons: 2e9, sampling: "analog" }, "neutrons"],
      ["unknown sampling", { ...base, sampling: "stratified" }, "sampling"],
      ["NaN seed", { ...base, seed: Number.NaN }, "seed"],
      ["unknown model", { ...base, sample: { ...base.sample, model: "no_such_model" } }, "sample.model"],
      ["unknown parameter", { ...base, sample: { ...base.sample, parameters: { radius: 50, colour: 3 } } }, "sample.parameters.colour"],
      ["parameter outside its limits", { ...base, sample: { ...base.sample, parameters: { radius: -5 } } }, "sample.parameters.radius"],
      ["negative intensity", { ...base, sample: { ...base.sample, parameters: { ...SPHERES.parameters, background: -10 } } }, "sample.parameters"],
    ];
    it.each(cases)("%s", (_label, exp, field) => {
      const err = refusal(exp);
      expect(err.field).toBe(field);
    });

    it("a sample too strong for single scattering (analog)", () => {
      const strong = { ...base, sampling: "analog" as const, sample: { ...base.sample, thickness: 20, transmission: 0.9 } };
      expect(refusal(strong).field).toBe("sample.thickness");
    });
  });
});
