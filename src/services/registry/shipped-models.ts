/**
 * The models shipped in models/ (trained by the scripts there on curves computed by src/compute/sas):
 * registered by the demo seed, published, with the alias `production`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ModelTask } from "../../entities/model";
import type { Viewer } from "../viewer";
import type { ModelRegistry } from "./registry-service";

export interface ShippedModel {
  name: string;
  task: ModelTask;
  description: string;
  card: Record<string, unknown>;
  bytes: Uint8Array;
}

const SHIPPED: { dir: string; task: ModelTask }[] = [
  { dir: "sphere-inferrer", task: "REGRESSION" },
  { dir: "shape-classifier", task: "CLASSIFICATION" },
];

/** models/ at the repository root, from src/ (ts-node, jest) or dist/src/ (built). */
export function modelsDirectory(): string | undefined {
  return [path.join(__dirname, "../../../models"), path.join(__dirname, "../../../../models")].find((d) => fs.existsSync(path.join(d, SHIPPED[0].dir, "card.json")));
}

export function shippedModels(): ShippedModel[] {
  const root = modelsDirectory();
  if (!root) return [];
  return SHIPPED.filter((s) => fs.existsSync(path.join(root, s.dir, "model.onnx"))).map((s) => {
    const card = JSON.parse(fs.readFileSync(path.join(root, s.dir, "card.json"), "utf8")) as Record<string, unknown>;
    return { name: s.dir, task: s.task, description: String(card.description ?? ""), card, bytes: fs.readFileSync(path.join(root, s.dir, "model.onnx")) };
  });
}

/** Register each shipped model not registered yet; returns the names registered now. */
export async function registerShippedModels(registry: ModelRegistry, owner: Viewer): Promise<string[]> {
  const done: string[] = [];
  for (const m of shippedModels()) {
    if (await registry.modelExists(m.name)) continue;
    await registry.registerArtifact(owner, { name: m.name, task: m.task, description: m.description, published: true, card: m.card, bytes: m.bytes, alias: "production" });
    done.push(m.name);
  }
  return done;
}
