/**
 * reduceDetectorImages: a virtual experiment's images become absolute I(Q) curves in a DERIVED
 * dataset whose provenance reaches the images, their dataset and the virtual experiment. The
 * reduced curve of dilute spheres matches the model smeared by its own dQ (chi-squared per point
 * near 1); the pure reduction's own checks are in test/compute/instrument. Outsiders cannot reduce
 * someone else's private images; bad requests name the field.
 */
import { evaluate } from "../../src/compute/sas";
import { pinholeResolution } from "../../src/compute/sas/resolution";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let alice: string;
let bob: string;
let datasetId: string;
let imageIds: string[];

const SPHERES = { radius: 50, sld: 1, sld_solvent: 6.4, scale: 0.01, background: 0 };

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  alice = await t.token("alice-reduction");
  bob = await t.token("bob-reduction");
  const started = await t.gql<{ startSimulation: { id: string } }>(
    `mutation($v: VirtualExperimentInput!) { startSimulation(input: {title: "spheres, virtual", virtualExperiment: $v}) { id } }`,
    {
      v: {
        samples: [{ model: "sphere", parameters: SPHERES }],
        presets: ["kws1-6A-8m8m-slit1x1-cell2-d1mm", "kws1-4.5A-8m1m-slit1x1-cell2-d1mm"],
        neutrons: 1e8,
        seed: 11,
        clean: false,
      },
    },
    alice,
  );
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.startSimulation.id, 300_000);
  expect(done.error).toBeNull();
  datasetId = (done.result as { datasetIds: string[] }).datasetIds[0];
  const images = await t.gql<{ dataset: { images: { edges: { node: { id: string } }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { images(first: 10) { edges { node { id } } } } }`,
    { id: datasetId },
    alice,
  );
  imageIds = images.data!.dataset.images.edges.map((e) => e.node.id);
  expect(imageIds).toHaveLength(2);
}, 400_000);
afterAll(async () => {
  await t?.close();
});

const REDUCE = `mutation($input: ReduceDetectorImagesInput!) { reduceDetectorImages(input: $input) { id kind curveCount } }`;

interface Reduced {
  q: number[];
  intensity: number[];
  dI: number[];
  dQ: number[];
  qUnit: string;
  intensityUnit: string;
  parameters: { imageId: string; model: string; preset: string };
}

test("dilute spheres reduce to the model on absolute scale within Poisson errors, one curve per image, with lineage to the images' dataset", async () => {
  const r = await t.gql<{ reduceDetectorImages: { id: string; kind: string; curveCount: number } }>(REDUCE, { input: { datasetId, bins: 60 } }, alice);
  expect(r.errors).toBeUndefined();
  const reduced = r.data!.reduceDetectorImages;
  expect(reduced.kind).toBe("DERIVED");
  expect(reduced.curveCount).toBe(2);
  const curves = await t.gql<{ curves: { edges: { node: Reduced }[] } }>(
    `query($id: ID!) { curves(datasetId: $id) { edges { node { q intensity dI dQ qUnit intensityUnit parameters } } } }`,
    { id: reduced.id },
    alice,
  );
  expect(curves.errors).toBeUndefined();
  for (const { node: c } of curves.data!.curves.edges) {
    expect(c.qUnit).toBe("INV_ANGSTROM");
    expect(c.intensityUnit).toBe("INV_CM");
    expect(imageIds).toContain(c.parameters.imageId);
    expect(c.parameters.model).toBe("sphere");
    // The model smeared by the curve's own dQ (sasmodels' pinhole method). Each bin's exposure
    // (counts per unit I) is I/dI²; sigma comes from the model's own expected counts, and bins
    // expecting under 20 counts are left out, so neither choice depends on the noise tested.
    const q = Float64Array.from(c.q);
    const res = pinholeResolution(q, Float64Array.from(c.dQ));
    const model = res.apply(evaluate("sphere", SPHERES, res.qCalc).I);
    let chi2 = 0;
    let n = 0;
    c.q.forEach((_, i) => {
      if (!(c.dI[i] > 0) || !(c.intensity[i] > 0)) return;
      const exposure = c.intensity[i] / c.dI[i] ** 2;
      if (model[i] * exposure < 20) return;
      chi2 += ((c.intensity[i] - model[i]) / (Math.sqrt(model[i] * exposure) / exposure)) ** 2;
      n++;
    });
    expect(n).toBeGreaterThan(15);
    expect(chi2 / n).toBeGreaterThan(0.5);
    expect(chi2 / n).toBeLessThan(2);
  }
  // Lineage: reduced dataset <- derived from <- the virtual experiment's dataset <- its activity.
  const prov = await t.gql<{
    provenance: { nodes: { id: string; type: string; label: string }[]; edges: { relation: string; subjectId: string; objectId: string }[] };
  }>(`query($id: ID!) { provenance(id: $id, depth: 3) { nodes { id type label } edges { relation subjectId objectId } } }`, { id: reduced.id }, alice);
  expect(prov.errors).toBeUndefined();
  const edges = prov.data!.provenance.edges;
  expect(edges).toContainEqual(expect.objectContaining({ relation: "wasDerivedFrom", subjectId: reduced.id, objectId: datasetId }));
  const made = edges.find((e) => e.relation === "wasGeneratedBy" && e.subjectId === datasetId);
  expect(made).toBeDefined();
  expect(prov.data!.provenance.nodes.find((n) => n.id === made!.objectId)?.label).toMatch(/virtual SANS/);
});

test("a sector along x reduces only the images asked for", async () => {
  const r = await t.gql<{ reduceDetectorImages: { id: string; curveCount: number } }>(
    REDUCE,
    { input: { datasetId, imageIds: [imageIds[1]], bins: 30, spacing: "LINEAR", sector: { centre: 0, halfWidth: 20 } } },
    alice,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.reduceDetectorImages.curveCount).toBe(1);
});

test("someone else's private images are NOT_FOUND, and bad requests name the field", async () => {
  const outsider = await t.gql(REDUCE, { input: { datasetId, bins: 10 } }, bob);
  expect(outsider.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const anonymous = await t.gql(REDUCE, { input: { datasetId, bins: 10 } });
  expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  const cases: [Record<string, unknown>, string, string][] = [
    [{ bins: 0 }, "BAD_USER_INPUT", "bins"],
    [{ sector: { centre: 0, halfWidth: 0 } }, "BAD_USER_INPUT", "sector.halfWidth"],
    [{ imageIds: [] }, "BAD_USER_INPUT", "imageIds"],
    [{ imageIds: ["00000000-0000-4000-8000-000000000000"] }, "NOT_FOUND", ""],
    [{ qMin: -1 }, "BAD_USER_INPUT", "qMin"],
    [{ qMin: 5, qMax: 10 }, "BAD_USER_INPUT", "qMin"],
    [{ imageIds: ["not-an-id"] }, "NOT_FOUND", ""],
  ];
  for (const [extra, code, field] of cases) {
    const r = await t.gql(REDUCE, { input: { datasetId, ...extra } }, alice);
    expect({ extra, code: r.errors?.[0].extensions?.code }).toEqual({ extra, code });
    if (field) expect(r.errors?.[0].extensions?.field).toBe(field);
  }
  const curvesOnly = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "no images"}) { id } }`,
    {},
    alice,
  );
  const none = await t.gql(REDUCE, { input: { datasetId: curvesOnly.data!.createDataset.id } }, alice);
  expect(none.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "datasetId" });
});
