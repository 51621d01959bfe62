/**
 * The models shipped in models/, registered as the demo seed does, answer `predict` with the
 * accuracy their cards state — on freshly computed curves of a seed they never saw.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { registerShippedModels, shippedModels } from "../../src/services/registry/shipped-models";
import { SHAPES, shapeCurves, sphereCurves } from "../../models/datasets";
import { median } from "../../models/lib";
import { PREDICT } from "./helpers";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
  const owner = await t.services.auth.ensureUser("model-owner");
  expect(await registerShippedModels(t.services.models.registry, { userId: owner.id, userName: "model-owner", groupIds: [] })).toEqual(["sphere-inferrer", "shape-classifier"]);
});
afterAll(async () => {
  await t?.close();
});

interface Answer {
  predict: { predictions: { parameters: { name: string; value: number }[] | null; classes: { label: string; probability: number }[] | null; warnings: string[] }[] };
}

const toInput = (c: { q: Float64Array; intensity: Float64Array; sigma?: Float64Array }) => ({ q: Array.from(c.q), intensity: Array.from(c.intensity), sigma: c.sigma ? Array.from(c.sigma) : null });

test("the shipped models are small, published and aliased production", async () => {
  for (const m of shippedModels()) expect(m.bytes.length).toBeLessThan(1024 * 1024);
  const r = await t.gql<{ models: { name: string; published: boolean; aliases: { alias: string; versionNumber: number }[] }[] }>(`query { models { name published aliases { alias versionNumber } } }`);
  expect(r.data!.models).toEqual(expect.arrayContaining([
    { name: "sphere-inferrer", published: true, aliases: [{ alias: "production", versionNumber: 1 }] },
    { name: "shape-classifier", published: true, aliases: [{ alias: "production", versionNumber: 1 }] },
  ]));
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
