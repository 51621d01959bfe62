/**
 * The models shipped in models/, registered as the demo seed does, answer `predict` with the
 * accuracy their cards state — on freshly computed curves of a seed they never saw — and their
 * provenance leads to a dataset of the curves they were trained on, as their scripts record it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { DEMO_TRAINING_CURVES, registerShippedModels, shippedModels } from "../../src/services/model-registry/shipped-models";
import { trainingCurveCount } from "../../src/services/model-registry/training-data";
import { runSasSweep } from "../../src/compute/sas/sweep";
import { SHAPE_TRAINING, SHAPES, shapeCurves, shapeTrainingData, SPHERE_TRAINING, sphereCurves, sphereSweep, sphereTrainingData } from "../../models/datasets";
import { median } from "../../models/lib";
import { PREDICT } from "./helpers";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
  const owner = await t.services.auth.ensureUser("model-owner");
  expect(await registerShippedModels(t.services, { userId: owner.id, userName: "model-owner", groupIds: [] })).toEqual(["sphere-inferrer", "shape-classifier"]);
});
afterAll(async () => {
  await t?.close();
});

interface Answer {
  predict: {
    predictions: { parameters: { name: string; value: number }[] | null; classes: { label: string; probability: number }[] | null; warnings: string[] }[];
  };
}

const toInput = (c: { q: Float64Array; intensity: Float64Array; sigma?: Float64Array }) => ({
  q: Array.from(c.q),
  intensity: Array.from(c.intensity),
  sigma: c.sigma ? Array.from(c.sigma) : null,
});

test("the shipped models are small, published and aliased production", async () => {
  for (const m of shippedModels()) expect(m.bytes.length).toBeLessThan(1024 * 1024);
  const r = await t.gql<{ models: { name: string; published: boolean; aliases: { alias: string; versionNumber: number }[] }[] }>(
    `query { models { name published aliases { alias versionNumber } } }`,
  );
  expect(r.data!.models).toEqual(
    expect.arrayContaining([
      { name: "sphere-inferrer", published: true, aliases: [{ alias: "production", versionNumber: 1 }] },
      { name: "shape-classifier", published: true, aliases: [{ alias: "production", versionNumber: 1 }] },
    ]),
  );
});

test("the sphere inferrer recovers radius and radius_pd of fresh sphere curves within its card's accuracy", async () => {
  const card = shippedModels().find((m) => m.name === "sphere-inferrer")!.card as { metrics: Record<string, number> };
  const fresh = sphereCurves(80, 5550123); // a seed used neither for training nor for the card's held-out set
  const r = await t.gql<Answer>(PREDICT, { m: "sphere-inferrer@production", i: fresh.map((c) => toInput(c.curve)) });
  expect(r.errors).toBeUndefined();
  const relR: number[] = [];
  const absPd: number[] = [];
  r.data!.predict.predictions.forEach((p, i) => {
    relR.push(Math.abs(p.parameters!.find((x) => x.name === "radius")!.value - fresh[i].radius) / fresh[i].radius);
    absPd.push(Math.abs(p.parameters!.find((x) => x.name === "radius_pd")!.value - fresh[i].radiusPd));
  });
  // Medians over 80 curves scatter around the card's (500-curve) medians; allow 50 % for that sampling.
  expect(median(relR)).toBeLessThan(1.5 * card.metrics.radius_median_relative_error);
  expect(median(absPd)).toBeLessThan(1.5 * card.metrics.radius_pd_median_absolute_error);
  expect(absPd.reduce((a, b) => a + b, 0) / absPd.length).toBeLessThan(1.5 * card.metrics.radius_pd_mae);
  // And at least ~90 % within the card's 90th percentile (80 % allows for sampling).
  expect(relR.filter((e) => e <= card.metrics.radius_p90_relative_error).length / relR.length).toBeGreaterThan(0.8);
});

test("the shape classifier names fresh curves' shapes with its card's accuracy", async () => {
  const card = shippedModels().find((m) => m.name === "shape-classifier")!.card as { metrics: Record<string, number> };
  const fresh = shapeCurves(20, 8080808);
  const r = await t.gql<Answer>(PREDICT, { m: "shape-classifier@production", i: fresh.map((c) => toInput(c.curve)) });
  expect(r.errors).toBeUndefined();
  let top1 = 0;
  let top3 = 0;
  r.data!.predict.predictions.forEach((p, i) => {
    const labels = p.classes!.map((c) => c.label);
    expect(labels).toHaveLength(3);
    expect(p.classes!.reduce((s, c) => s + c.probability, 0)).toBeLessThanOrEqual(1 + 1e-9);
    if (labels[0] === SHAPES[fresh[i].label]) top1++;
    if (labels.includes(SHAPES[fresh[i].label])) top3++;
  });
  expect(top1 / fresh.length).toBeGreaterThanOrEqual(card.metrics.top1_accuracy - 0.05);
  expect(top3 / fresh.length).toBeGreaterThanOrEqual(card.metrics.top3_accuracy - 0.03);
});

test("training-data.json records exactly the sets the training scripts draw, of the size the cards state", () => {
  const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../../models", dir, "training-data.json"), "utf8")) as unknown;
  expect(read("sphere-inferrer")).toEqual(sphereTrainingData(SPHERE_TRAINING.count, SPHERE_TRAINING.seed));
  expect(read("shape-classifier")).toEqual(shapeTrainingData(SHAPE_TRAINING.perClass, SHAPE_TRAINING.seed));
  for (const m of shippedModels()) {
    expect(m.trainingData).not.toBeNull();
    expect(trainingCurveCount(m.trainingData!)).toBe((m.card as { metrics: { training_curves: number } }).metrics.training_curves);
  }
});

interface Provenance {
  provenance: {
    nodes: { id: string; type: string; label: string }[];
    edges: { relation: string; subjectId: string; objectId: string; subjectType: string; objectType: string }[];
  };
}
interface DatasetAnswer {
  dataset: { kind: string; published: boolean; curveCount: number; generatedBy: { kind: string; parameters: Record<string, unknown> } | null };
  curves: { edges: { node: { intensity: number[]; dI: number[]; parameters: Record<string, unknown> } }[] };
}

/** The version's TRAINING activity used, and the version was derived from, one dataset: its id. */
async function trainingDatasetOf(model: string): Promise<string> {
  const v = await t.gql<{ modelVersion: { id: string } }>(`query($r: String!) { modelVersion(ref: $r) { id } }`, { r: `${model}@production` });
  const versionId = v.data!.modelVersion.id;
  const p = await t.gql<Provenance>(
    `query($id: ID!) { provenance(id: $id, depth: 2) { nodes { id type label } edges { relation subjectId subjectType objectId objectType } } }`,
    { id: versionId },
  );
  expect(p.errors).toBeUndefined();
  const { nodes, edges } = p.data!.provenance;
  const derived = edges.filter((e) => e.relation === "wasDerivedFrom" && e.subjectId === versionId && e.objectType === "DATASET");
  expect(derived).toHaveLength(1);
  const datasetId = derived[0].objectId;
  const training = edges.find((e) => e.relation === "wasGeneratedBy" && e.subjectId === versionId)!;
  expect(nodes.find((n) => n.id === training.objectId)?.type).toBe("ACTIVITY");
  expect(edges).toContainEqual(expect.objectContaining({ relation: "used", subjectId: training.objectId, objectId: datasetId }));
  expect(nodes.find((n) => n.id === datasetId)?.type).toBe("DATASET");
  return datasetId;
}

const DATASET = `query($id: ID!, $n: Int!) {
  dataset(id: $id) { kind published curveCount generatedBy { kind parameters } }
  curves(datasetId: $id, first: $n) { edges { node { intensity dI parameters } } } }`;

test("the sphere inferrer's provenance shows the first curves of its training sweep, number for number", async () => {
  const id = await trainingDatasetOf("sphere-inferrer");
  const r = await t.gql<DatasetAnswer>(DATASET, { id, n: 3 });
  expect(r.errors).toBeUndefined();
  const { dataset, curves } = r.data!;
  expect(dataset).toMatchObject({ kind: "SIMULATED", published: true, curveCount: DEMO_TRAINING_CURVES });
  expect(dataset.generatedBy).toMatchObject({
    kind: "SIMULATION",
    parameters: {
      model: "sphere",
      sampling: "LATIN_HYPERCUBE",
      count: SPHERE_TRAINING.count,
      first: DEMO_TRAINING_CURVES,
      resolution: 0.05,
      countsPerUnit: 1e5,
    },
  });
  // The training script's sweep (models/datasets.ts), its first three curves only.
  const trained = [...runSasSweep({ ...sphereSweep(SPHERE_TRAINING.count, SPHERE_TRAINING.seed), first: 3 })];
  expect(curves.edges).toHaveLength(3);
  curves.edges.forEach(({ node }, i) => {
    expect(node.intensity).toEqual(Array.from(trained[i].I));
    expect(node.parameters).toMatchObject({ radius: trained[i].parameters.radius, radius_pd: trained[i].parameters.radius_pd });
  });
});

test("the shape classifier's provenance shows the first curves of its training mixture, labelled", async () => {
  const id = await trainingDatasetOf("shape-classifier");
  const r = await t.gql<DatasetAnswer>(DATASET, { id, n: SHAPES.length });
  expect(r.errors).toBeUndefined();
  const { dataset, curves } = r.data!;
  expect(dataset).toMatchObject({ kind: "SIMULATED", published: true, curveCount: DEMO_TRAINING_CURVES });
  expect(dataset.generatedBy?.parameters).toMatchObject({ kind: "shape-mixture", perClass: SHAPE_TRAINING.perClass, first: DEMO_TRAINING_CURVES });
  const trained = shapeCurves(1, SHAPE_TRAINING.seed); // the first curve of each shape, as training drew them
  expect(curves.edges).toHaveLength(SHAPES.length);
  curves.edges.forEach(({ node }, i) => {
    expect(node.parameters.shape).toBe(SHAPES[trained[i].label]);
    expect(node.intensity).toEqual(Array.from(trained[i].curve.intensity));
    expect(node.dI).toEqual(Array.from(trained[i].curve.sigma!));
  });
});
