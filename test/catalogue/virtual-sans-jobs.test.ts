/**
 * Virtual SANS experiments as a job (paper 004): a set of sample models x presets becomes one
 * dataset of detector images, each with the parameters it was made with; the paper's cleaning is
 * reported in the job's result; bad sets are refused before anything is queued.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("vsans");
});
afterAll(async () => {
  await t?.close();
});

const START = `mutation($v: VirtualExperimentInput!) { startSimulation(input: {title: "virtual SANS", virtualExperiment: $v}) { id } }`;

test("two sample models on two presets make four labelled images with their parameters and the cleaning in the job result", async () => {
  const v = {
    samples: [
      { model: "sphere", parameters: { radius: 60, sld: 1, sld_solvent: 6.4, scale: 0.01, background: 0 } },
      { model: "cylinder", parameters: { radius: 20, length: 400, theta: 90, phi: 0, scale: 0.01, background: 0 } },
    ],
    presets: ["kws1-6A-8m8m-slit1x1-cell2-d1mm", "kws1-4.5A-8m1m-slit0.7x1-cell1-d2mm"],
    absorptions: [0.5],
    neutrons: 2e5,
    seed: 5,
  };
  const started = await t.gql<{ startSimulation: { id: string } }>(START, { v }, token);
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.startSimulation.id, 300_000);
  expect(done.error).toBeNull();
  const result = done.result as { datasetIds: string[]; images: number; cleaning: { made: number; kept: number; empty: number } };
  expect(result.cleaning.made).toBe(4);
  expect(result.images).toBe(result.cleaning.kept);
  // Four images of 2e5 neutrons each: none empty, and a set under 50 images is not cut by the quantile rules.
  expect(result.cleaning.empty).toBe(0);
  expect(result.images).toBe(4);
  const datasetId = result.datasetIds[0];
  const ds = await t.gql<{ dataset: { kind: string } }>(`query($id: ID!) { dataset(id: $id) { kind } }`, { id: datasetId }, token);
  expect(ds.data?.dataset.kind).toBe("VIRTUAL_EXPERIMENT");
  const images = await t.services.images.recordsOfDataset(datasetId);
  expect(images).toHaveLength(result.images);
  for (const im of images) {
    expect(im.shape).toEqual([144, 256]);
    expect(im.kind).toBe("COUNTS");
    const p = im.parameters as { model: string; label: number; preset: string; absorption: number; transmission: number; thickness: number; neutrons: number };
    expect(["sphere", "cylinder"][p.label]).toBe(p.model);
    expect(v.presets).toContain(p.preset);
    expect(p.transmission).toBeCloseTo(Math.exp(-0.5 * p.thickness), 12);
    expect(p.neutrons).toBe(2e5);
    // Counts are whole, and some neutrons scattered past the beamstop.
    expect(im.values.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    expect(im.values.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(im.geometry.detectorDistance).toBe(p.preset.includes("8m1m") ? 1 : 8);
  }
});

test.each([
  ["an unknown preset", { samples: [{ model: "sphere" }], presets: ["kws9"] }, "virtualExperiment.presets[0]"],
  ["an unknown model", { samples: [{ model: "spherr" }] }, "virtualExperiment.samples[0].model"],
  ["a bad sample parameter", { samples: [{ model: "sphere", parameters: { radius: -5 } }] }, "virtualExperiment.samples[0].parameters.radius"],
  ["a negative absorption", { samples: [{ model: "sphere" }], absorptions: [-1] }, "virtualExperiment.absorptions[0]"],
  ["too many images", { samples: [{ model: "sphere", ranges: [{ name: "radius", min: 10, max: 100 }] }], perSample: 5000 }, "virtualExperiment.perSample"],
  ["an absorption that transmits nothing", { samples: [{ model: "sphere" }], absorptions: [1, 1e5] }, "virtualExperiment.absorptions[1]"],
  [
    "a range reaching outside the model's limits",
    { samples: [{ model: "sphere", ranges: [{ name: "radius", min: -100, max: 100 }] }] },
    "virtualExperiment.samples[0].ranges[0]",
  ],
  ["a detector too large to store", { samples: [{ model: "sphere" }], instrument: { rows: 2048, columns: 2048 } }, "virtualExperiment.instrument.rows"],
  [
    "designs far beyond the images asked for",
    { samples: [{ model: "sphere", ranges: [{ name: "radius", min: 10, max: 100 }] }], perSample: 100000, first: 3 },
    "virtualExperiment.perSample",
  ],
  ["a wavelength of zero", { samples: [{ model: "sphere" }], instrument: { wavelength: 0 } }, "virtualExperiment.instrument.wavelength"],
])("%s is BAD_USER_INPUT naming the field, and nothing is queued", async (_what, v, field) => {
  const r = await t.gql(START, { v }, token);
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(r.errors?.[0].extensions?.field).toBe(field);
});
