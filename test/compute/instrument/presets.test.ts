/** Paper 004's 36 KWS-1 settings: the full grid, stable names, copies, refusals of unknown names. */
import { simulateVirtualExperiment } from "../../../src/compute/instrument/beamline";
import { experimentFromPreset, instrumentPreset, kws1Presets, presetNames } from "../../../src/compute/instrument/presets";
import { validateInstrument } from "../../../src/compute/instrument/validate";
import { SasInputError } from "../../../src/compute/sas/errors";
import { SPHERES } from "./helpers";

describe("KWS-1 presets", () => {
  it("are the 36 combinations of the paper, each valid", () => {
    const presets = kws1Presets();
    expect(presets).toHaveLength(36);
    expect(new Set(presetNames()).size).toBe(36);
    const combos = new Set(
      presets.map((p) => {
        const i = p.instrument;
        return [i.wavelength, i.collimationLength, i.detectorDistance, i.sampleAperture.width, i.sampleAperture.height, p.cellWidth, p.sampleThickness].join(
          "/",
        );
      }),
    );
    expect(combos.size).toBe(36);
    for (const p of presets) {
      validateInstrument(p.instrument);
      expect([4.5, 6]).toContain(p.instrument.wavelength);
      expect(["8/1", "8/8", "20/20"]).toContain(`${p.instrument.collimationLength}/${p.instrument.detectorDistance}`);
      expect([0.1, 0.2]).toContain(p.sampleThickness);
      expect(p.instrument.detector.rows * p.instrument.detector.columns).toBe(144 * 256);
      // the 7 mm slit goes with the 1 cm cell, the others with the 2 cm cell
      expect(p.cellWidth).toBe(p.instrument.sampleAperture.width === 0.007 ? 0.01 : 0.02);
      // the beamstop covers the whole direct beam (umbra + penumbra)
      const i = p.instrument;
      const beam = i.sampleAperture.width + ((i.sourceAperture.width + i.sampleAperture.width) * i.detectorDistance) / i.collimationLength;
      expect(i.beamstop.width).toBeGreaterThan(beam);
    }
    expect(presetNames()).toContain("kws1-4.5A-8m8m-slit1x1-cell2-d1mm");
    expect(presetNames()).toContain("kws1-6A-20m20m-slit0.7x1-cell1-d2mm");
  });

  it("are copies, and experimentFromPreset takes the preset's thickness and cell unless overridden", () => {
    const a = instrumentPreset("kws1-6A-8m1m-slit1.2x1.2-cell2-d2mm");
    a.instrument.wavelength = 99;
    expect(instrumentPreset("kws1-6A-8m1m-slit1.2x1.2-cell2-d2mm").instrument.wavelength).toBe(6);
    const exp = experimentFromPreset("kws1-6A-8m1m-slit1.2x1.2-cell2-d2mm", { sample: SPHERES });
    expect(exp.sample.thickness).toBe(0.2);
    expect(exp.sample.width).toBe(0.02);
    expect(exp.neutrons).toBe(1e7);
    const custom = experimentFromPreset("kws1-6A-8m1m-slit1.2x1.2-cell2-d2mm", {
      sample: { ...SPHERES, thickness: 0.05 },
      instrument: { detectorDistance: 4 },
      neutrons: 1000,
    });
    expect(custom.sample.thickness).toBe(0.05);
    expect(custom.instrument.detectorDistance).toBe(4);
    expect(simulateVirtualExperiment(custom).incident).toBe(1000);
  });

  it("refuse an unknown name, naming the field", () => {
    expect(() => instrumentPreset("kws1-5A")).toThrow(SasInputError);
    try {
      instrumentPreset("kws1-5A");
    } catch (err) {
      expect((err as SasInputError).field).toBe("preset");
    }
  });
});
