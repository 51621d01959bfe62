import { imageSeed, plannedImageCount, planImages, type NamedSetting, type VirtualSetSpec } from "../../../src/compute/instrument/experiment-design";
import type { InstrumentSettings } from "../../../src/compute/instrument/types";

const instrument = (distance: number): InstrumentSettings => ({
  wavelength: 6,
  wavelengthSpread: 0.1,
  collimationLength: 8,
  sourceAperture: { width: 0.03, height: 0.03 },
  sampleAperture: { width: 0.01, height: 0.01 },
  detectorDistance: distance,
  detector: { rows: 144, columns: 256, pixelWidth: 0.008, pixelHeight: 0.004, beamCentreColumn: 128, beamCentreRow: 72 },
  beamstop: { width: 0.05, height: 0.05 },
});
const settings: NamedSetting[] = [
  { name: "near", instrument: instrument(1), thickness: 0.1, cellWidth: 0.02 },
  { name: "far", instrument: instrument(8), thickness: 0.2, cellWidth: 0.01 },
];
const spec: VirtualSetSpec = {
  samples: [
    { model: "sphere", parameters: { sld: 1, sld_solvent: 6 }, ranges: [{ name: "radius", min: 20, max: 80 }] },
    { model: "cylinder", parameters: {}, ranges: [{ name: "length", min: 100, max: 400, log: true }] },
  ],
  perSample: 3,
  sampling: "LATIN_HYPERCUBE",
  seed: 7,
  settings,
  absorptions: [0.5, 2],
  neutrons: 1e6,
};

describe("virtual-experiment set design", () => {
  it("makes models x parameter sets x settings x absorptions images, interleaved by model", () => {
    const images = planImages(spec);
    expect(images).toHaveLength(2 * 3 * 2 * 2);
    expect(plannedImageCount(spec)).toBe(24);
    // Settings and absorptions vary fastest; then the class alternates.
    expect(images.slice(0, 4).map((i) => [i.setting, i.absorption])).toEqual([
      ["near", 0.5],
      ["near", 2],
      ["far", 0.5],
      ["far", 2],
    ]);
    expect(images.slice(0, 8).map((i) => i.label)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    for (const im of images) {
      const s = settings.find((x) => x.name === im.setting)!;
      expect(im.experiment.sample.thickness).toBe(s.thickness);
      expect(im.experiment.sample.width).toBe(s.cellWidth);
      expect(im.experiment.sample.transmission).toBeCloseTo(Math.exp(-im.absorption * s.thickness), 14);
      expect(im.experiment.instrument.detectorDistance).toBe(s.instrument.detectorDistance);
    }
    // Every sphere radius is inside its range, and the fixed parameters travel with it.
    for (const im of images.filter((i) => i.label === 0)) {
      expect(im.experiment.sample.parameters.radius).toBeGreaterThanOrEqual(20);
      expect(im.experiment.sample.parameters.radius).toBeLessThanOrEqual(80);
      expect(im.experiment.sample.parameters.sld_solvent).toBe(6);
    }
  });

  it("gives each image its own seed, the same for the same set; the first n are a prefix", () => {
    const a = planImages(spec);
    const b = planImages({ ...spec, first: 5 });
    expect(b).toHaveLength(5);
    expect(b.map((i) => i.experiment)).toEqual(a.slice(0, 5).map((i) => i.experiment));
    expect(new Set(a.map((i) => i.experiment.seed)).size).toBe(a.length);
    expect(imageSeed(7, 3)).toBe(a[3].experiment.seed);
    expect(imageSeed(8, 3)).not.toBe(imageSeed(7, 3));
  });
});
