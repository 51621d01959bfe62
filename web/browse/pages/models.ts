/**
 * Models: a card per served model (task, versions, aliases, model card with its metrics), and a
 * form that runs `predict` on a curve of the catalogue and plots the answer beside the curve.
 */
import { gql } from "../api";
import { append, bytes, date, h, I_UNIT_LABEL, link, metadataView, num, Q_UNIT_LABEL } from "../dom";
import { plotCurves, type PlotCurve } from "../plot";
import { routeTo, type Route } from "../router";
import { fetchCurves, type CurveNode } from "./curves";

interface Version {
  id: string;
  version: number;
  state: string;
  sha256: string | null;
  size: number | null;
  createdAt: string;
  readyAt: string | null;
  aliases: string[];
  card: Record<string, unknown>;
  trainingDatasets: { id: string; title: string }[];
}
interface Model {
  id: string;
  name: string;
  task: string;
  description: string;
  published: boolean;
  createdAt: string;
  owner: { name: string };
  aliases: { alias: string; versionNumber: number; updatedAt: string }[];
  versions: Version[];
}
interface Prediction {
  parameters: { name: string; value: number; unit: string; uncertainty: number | null }[] | null;
  classes: { label: string; probability: number }[] | null;
  curve: { q: number[]; intensity: number[]; qUnit: string; intensityUnit: string } | null;
  warnings: string[];
}

const MODELS = `{
  models { id name task description published createdAt owner { name }
    aliases { alias versionNumber updatedAt }
    versions { id version state sha256 size createdAt readyAt aliases card trainingDatasets { id title } } }
  datasets(first: 50) { edges { node { id title curveCount generatedBy { parameters } } } }
}`;

const PREDICT = `mutation($model: String!, $inputs: [PredictInput!]!) {
  predict(model: $model, inputs: $inputs) {
    modelVersion { version model { name } } executionProvider
    predictions { parameters { name value unit uncertainty } classes { label probability } curve { q intensity qUnit intensityUnit } warnings }
  }
}`;

type DatasetChoice = { id: string; title: string; curveCount: number; generatedBy: { parameters: Record<string, unknown> } | null };

/** What a model card says, in words: the q grid, the outputs, the domain, and its evaluation metrics. */
function cardView(card: Record<string, unknown>): HTMLElement {
  const grid = Array.isArray(card.qGrid) ? (card.qGrid as number[]) : [];
  const unit = Q_UNIT_LABEL[String(card.qUnit)] ?? String(card.qUnit ?? "");
  const outputs = Array.isArray(card.outputs) ? (card.outputs as Record<string, unknown>[]) : [];
  const metrics = (card.metrics ?? {}) as Record<string, number>;
  const domain = (card.domain ?? {}) as Record<string, unknown>;
  return h(
    "div",
    { class: "card-body" },
    card.description ? h("p", {}, String(card.description)) : null,
    grid.length ? h("p", {}, `Input: ${grid.length} q points from ${num(grid[0])} to ${num(grid[grid.length - 1])} ${unit}`) : null,
    outputs.map((o) =>
      h(
        "p",
        {},
        `Output (${String(o.kind)}): `,
        o.kind === "regression" && Array.isArray(o.parameters)
          ? (o.parameters as { name: string; unit: string }[]).map((p) => `${p.name}${p.unit ? ` (${p.unit})` : ""}`).join(", ")
          : o.kind === "classification" && Array.isArray(o.labels)
            ? (o.labels as string[]).join(", ")
            : `a curve of ${Array.isArray(o.q) ? o.q.length : "?"} points`,
      ),
    ),
    Object.keys(metrics).length
      ? h(
          "div",
          { class: "metrics" },
          h("h4", {}, "Evaluation"),
          h(
            "table",
            {},
            h(
              "tbody",
              {},
              Object.entries(metrics).map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", { class: "num" }, num(v)))),
            ),
          ),
        )
      : null,
    Object.keys(domain).length ? h("details", {}, h("summary", {}, "Domain of validity"), metadataView(domain)) : null,
  );
}

function modelCard(m: Model, highlight: string | null): HTMLElement {
  return h(
    "article",
    { class: "model", id: `model-${m.name}`, "data-name": m.name },
    h(
      "h2",
      {},
      m.name,
      " ",
      h("span", { class: "badge" }, m.task.toLowerCase().replace("_", " ")),
      m.published ? null : h("span", { class: "private" }, " private"),
    ),
    h("p", {}, m.description),
    h("p", { class: "muted" }, `owner ${m.owner.name} · registered ${date(m.createdAt)}`),
    h("p", {}, "Aliases: ", m.aliases.length ? m.aliases.map((a) => h("code", {}, `${m.name}@${a.alias} → v${a.versionNumber} `)) : "none"),
    m.versions.map((v) =>
      h(
        "section",
        { class: `version${v.id === highlight ? " highlight" : ""}`, id: `version-${v.id}` },
        h("h3", {}, `v${v.version}`, v.aliases.length ? ` (${v.aliases.join(", ")})` : "", ` · ${v.state.toLowerCase().replace("_", " ")}`),
        h("p", { class: "muted" }, `${v.size !== null ? bytes(v.size) : "—"} · sha256 ${v.sha256?.slice(0, 16) ?? "—"}… · ready ${date(v.readyAt)}`),
        v.trainingDatasets.length
          ? h(
              "p",
              {},
              "Trained on: ",
              v.trainingDatasets.map((d) => link(routeTo("dataset", d.id), d.title)),
            )
          : null,
        cardView(v.card),
        h("p", {}, link(routeTo("provenance", v.id), "provenance")),
      ),
    ),
  );
}

/** The curve at `index` of a dataset: walk the cursors (indices only) to the one before it, then fetch that curve alone. */
async function curveAt(datasetId: string, index: number): Promise<CurveNode> {
  let after: string | null = null;
  let left = index;
  while (left > 0) {
    const step = Math.min(left, 500);
    const page: { curves: { edges: { cursor: string }[] } } = await gql(
      `query($id: ID!, $n: Int!, $after: String) { curves(datasetId: $id, first: $n, after: $after) { edges { cursor } } }`,
      {
        id: datasetId,
        n: step,
        after,
      },
    );
    const edges = page.curves.edges;
    if (edges.length < step) throw new Error(`the dataset has no curve #${index}`);
    after = edges[edges.length - 1].cursor;
    left -= step;
  }
  const c = (await fetchCurves(datasetId, 1, after, null)).edges[0]?.node;
  if (!c) throw new Error(`the dataset has no curve #${index}`);
  return c;
}

async function runPredict(model: string, dataset: DatasetChoice, index: number, out: HTMLElement): Promise<void> {
  out.replaceChildren(h("p", { class: "muted" }, "predicting…"));
  const c = await curveAt(dataset.id, index);
  const { predict } = await gql<{
    predict: { modelVersion: { version: number; model: { name: string } }; executionProvider: string; predictions: Prediction[] };
  }>(PREDICT, {
    model,
    inputs: [{ q: c.q, intensity: c.intensity, sigma: c.dI, qUnit: c.qUnit }],
  });
  const p = predict.predictions[0];
  const curves: PlotCurve[] = [{ label: `${dataset.title} #${c.index}`, q: c.q, intensity: c.intensity, dI: c.dI }];
  const notes: Node[] = [];
  if (p.curve)
    curves.push({
      label: `${predict.modelVersion.model.name} v${predict.modelVersion.version}: generated curve`,
      q: p.curve.q,
      intensity: p.curve.intensity,
      model: true,
    });
  if (p.parameters?.length) {
    // A regression answer is drawn as the curve its parameters give, computed by the API's model library
    // with the curve's other parameters, when the dataset says which scattering model made it.
    const sasModel = dataset.generatedBy?.parameters.model;
    if (typeof sasModel === "string") {
      const parameters: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c.parameters)) if (typeof v === "number" || typeof v === "string") parameters[k] = v;
      for (const q of p.parameters) parameters[q.name] = q.value;
      try {
        const res = dataset.generatedBy?.parameters.resolution;
        const { computeIntensity } = await gql<{ computeIntensity: { q: number[]; intensity: number[] } }>(
          `query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { q intensity } }`,
          { input: { model: sasModel, parameters, q: { values: c.q, unit: c.qUnit }, ...(typeof res === "number" ? { resolution: res } : {}) } },
        );
        curves.push({ label: `${sasModel} with the predicted parameters`, q: computeIntensity.q, intensity: computeIntensity.intensity, model: true });
      } catch (err) {
        notes.push(h("p", { class: "muted" }, `No model curve drawn: ${(err as Error).message}`));
      }
    }
  }
  const plotBox = h("div", { class: "plot-box", id: "predict-plot" });
  const side = h(
    "div",
    { class: "prediction", id: "prediction" },
    h("h3", {}, `${predict.modelVersion.model.name} v${predict.modelVersion.version} (${predict.executionProvider})`),
    p.parameters?.length
      ? h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["parameter", "predicted", "±", "curve's own"].map((t) => h("th", {}, t)),
            ),
          ),
          h(
            "tbody",
            {},
            p.parameters.map((q) =>
              h(
                "tr",
                {},
                h("td", {}, q.name),
                h("td", { class: "num" }, `${num(q.value)} ${q.unit}`),
                h("td", { class: "num" }, q.uncertainty !== null ? num(q.uncertainty) : "—"),
                h("td", { class: "num" }, typeof c.parameters[q.name] === "number" ? num(c.parameters[q.name] as number) : "—"),
              ),
            ),
          ),
        )
      : null,
    p.classes?.length
      ? h(
          "ul",
          { class: "classes" },
          p.classes.map((k) =>
            h("li", {}, h("span", { class: "bar", style: `width:${(k.probability * 100).toFixed(1)}%` }), `${k.label} ${(k.probability * 100).toFixed(1)} %`),
          ),
        )
      : null,
    p.classes?.length && c.parameters.label !== undefined
      ? h("p", { class: "muted" }, `curve's own label: ${String(c.parameters.label ?? c.parameters.shape)}`)
      : null,
    p.warnings.length
      ? h(
          "ul",
          { class: "warnings" },
          p.warnings.map((w) => h("li", {}, w)),
        )
      : null,
    ...notes,
  );
  out.replaceChildren(h("div", { class: "predict-result" }, plotBox, side));
  plotCurves(plotBox, curves, { qUnit: Q_UNIT_LABEL[c.qUnit] ?? c.qUnit, intensityUnit: I_UNIT_LABEL[c.intensityUnit] ?? c.intensityUnit, height: 340 });
}

function predictForm(models: Model[], datasets: DatasetChoice[], route: Route): HTMLElement {
  const refs = models.flatMap((m) => [...m.aliases.map((a) => `${m.name}@${a.alias}`), ...m.versions.map((v) => `${m.name}:${v.version}`)]);
  const modelSel = h(
    "select",
    { name: "model" },
    refs.map((r) => h("option", { value: r, selected: r === route.params.get("model") }, r)),
  );
  const dsSel = h(
    "select",
    { name: "dataset" },
    datasets.map((d) => h("option", { value: d.id, selected: d.id === route.params.get("dataset") }, `${d.title} (${d.curveCount} curves)`)),
  );
  const idx = h("input", { name: "curve", type: "number", min: 0, value: route.params.get("curve") ?? 0, "aria-label": "curve index" });
  const out = h("div", { id: "predict-out" });
  const form = h(
    "form",
    { class: "predict" },
    h("label", {}, "Model ", modelSel),
    h("label", {}, "Dataset ", dsSel),
    h("label", {}, "Curve # ", idx),
    h("button", { type: "submit" }, "Predict"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const d = datasets.find((x) => x.id === dsSel.value);
    if (!d) return;
    runPredict(modelSel.value, d, Math.max(0, Math.floor(Number(idx.value) || 0)), out).catch((err: Error) =>
      out.replaceChildren(h("p", { class: "error" }, err.message)),
    );
  });
  return h(
    "section",
    { class: "predict-box" },
    h("h2", {}, "Run a model on a curve of the catalogue"),
    refs.length && datasets.length ? form : h("p", { class: "muted" }, "No model or dataset visible to you."),
    out,
  );
}

export async function modelsPage(main: HTMLElement, route: Route): Promise<void> {
  const data = await gql<{ models: Model[]; datasets: { edges: { node: DatasetChoice }[] } }>(MODELS);
  const datasets = data.datasets.edges.map((e) => e.node).filter((d) => d.curveCount > 0);
  append(main, h("h1", {}, "Models"), predictForm(data.models, datasets, route));
  append(
    main,
    data.models.length
      ? h(
          "div",
          { class: "models" },
          data.models.map((m) => modelCard(m, route.params.get("version"))),
        )
      : h("p", { class: "muted" }, "No model visible to you."),
  );
  const highlight = route.params.get("version");
  if (highlight) document.getElementById(`version-${highlight}`)?.scrollIntoView();
}
