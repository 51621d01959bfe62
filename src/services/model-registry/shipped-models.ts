/**
 * The models shipped in models/ (trained by the scripts there on curves computed by src/compute/sas):
 * registered by the demo seed, published, with the alias `production`, each with a SIMULATED
 * dataset of the first curves of its training set (training-data.json beside the model) as the
 * training data of its version: `provenance` of the version leads to the curves it learned from.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ModelTask } from "../../entities/model";
import type { CatalogueService } from "../catalogue-service";
import type { SimulationService } from "../simulation-service";
import type { SimulationTarget } from "../../simulations/simulation-target";
import { sasModel, sasModelInput } from "../../simulations/kinds/sas-model";
import { shapeMixture, shapeMixtureInput } from "../../simulations/kinds/shape-mixture";
import type { Viewer } from "../viewer";
import type { ModelRegistry } from "./registry-service";
import { parseTrainingData, trainingCurveCount, type TrainingData } from "./training-data";

/**
 * Curves of each training set the demo catalogue holds: enough to look at and to rerun a model on,
 * few enough that the first start stays quick (the record has the whole spec, to make them all).
 */
export const DEMO_TRAINING_CURVES = 240;

export interface ShippedModel {
  name: string;
  task: ModelTask;
  description: string;
  card: Record<string, unknown>;
  bytes: Uint8Array;
  /** What it was trained on, when the model's directory records it. */
  trainingData: TrainingData | null;
}

const SHIPPED: { dir: string; task: ModelTask }[] = [
  { dir: "sphere-inferrer", task: "REGRESSION" },
  { dir: "shape-classifier", task: "CLASSIFICATION" },
];

/** models/ at the repository root, from src/ (ts-node, jest) or dist/src/ (built). */
export function modelsDirectory(): string | undefined {
  return [path.join(__dirname, "../../../models"), path.join(__dirname, "../../../../models")].find((d) =>
    fs.existsSync(path.join(d, SHIPPED[0].dir, "card.json")),
  );
}

export function shippedModels(): ShippedModel[] {
  const root = modelsDirectory();
  if (!root) return [];
  return SHIPPED.filter((s) => fs.existsSync(path.join(root, s.dir, "model.onnx"))).map((s) => {
    const card = JSON.parse(fs.readFileSync(path.join(root, s.dir, "card.json"), "utf8")) as Record<string, unknown>;
    const record = path.join(root, s.dir, "training-data.json");
    const trainingData = fs.existsSync(record) ? parseTrainingData(JSON.parse(fs.readFileSync(record, "utf8"))) : null;
    return {
      name: s.dir,
      task: s.task,
      description: String(card.description ?? ""),
      card,
      bytes: fs.readFileSync(path.join(root, s.dir, "model.onnx")),
      trainingData,
    };
  });
}

export interface ShippedModelServices {
  trainedModels: { registry: ModelRegistry };
  simulations: SimulationService;
  catalogue: CatalogueService;
}

/** The demo dataset of a model's training set: its first DEMO_TRAINING_CURVES curves, recomputed. */
async function trainingDataset(services: ShippedModelServices, owner: Viewer, m: ShippedModel, data: TrainingData): Promise<string> {
  const all = trainingCurveCount(data);
  const first = Math.min(DEMO_TRAINING_CURVES, all);
  const target: SimulationTarget = {
    ownerId: owner.userId!,
    title: `${m.name} training data (first ${first} of ${all} curves)`,
    description: `${data.description} This dataset holds the first ${first} of those curves, the same numbers the model was trained on; the activity's parameters without "first" make all ${all}. Recorded in models/${m.name}/training-data.json by ${data.script}.`,
    technique: "SANS",
    keywords: ["training-data", m.name],
    publish: true,
  };
  const { dataset } =
    data.generator === "sas-sweep"
      ? await services.simulations.run(sasModel, sasModelInput({ ...data.spec, first }), target)
      : await services.simulations.run(shapeMixture, shapeMixtureInput({ ...data.spec, first }), target);
  return dataset.id;
}

/**
 * Register each shipped model not registered yet, with its training dataset; returns the names
 * registered now. A model whose registration fails leaves neither the model nor that dataset.
 * Given the registry alone (benchmarks), the models go in without training datasets.
 */
export async function registerShippedModels(services: ShippedModelServices | ModelRegistry, owner: Viewer): Promise<string[]> {
  const withData = "simulations" in services ? services : null;
  const registry = withData ? withData.trainedModels.registry : (services as ModelRegistry);
  const done: string[] = [];
  for (const m of shippedModels()) {
    if (await registry.ownsModel(owner.userId!, m.name)) continue;
    const trainingDatasetIds = withData && m.trainingData ? [await trainingDataset(withData, owner, m, m.trainingData)] : [];
    try {
      await registry.registerArtifact(owner, {
        name: m.name,
        task: m.task,
        description: m.description,
        published: true,
        card: m.card,
        bytes: m.bytes,
        alias: "production",
        trainingDatasetIds,
      });
    } catch (err) {
      for (const id of trainingDatasetIds) await withData?.catalogue.deleteDataset(owner, id).catch(() => undefined);
      throw err;
    }
    done.push(m.name);
  }
  return done;
}
