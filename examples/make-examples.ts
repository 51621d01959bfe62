/**
 * Writes the example files the README's commands name, so they run as written from a checkout:
 *
 *   run4471.xml      a canSAS 1D v1.1 file as a SANS instrument's reduction writes it (silica
 *                    spheres in D2O: sphere model, R = 50 Å with 10 % Gaussian polydispersity,
 *                    5 % dq/q resolution, Poisson counting noise)
 *   run4471.h5       the same measurement as NXcanSAS (HDF5)
 *   model.onnx       a small ONNX regression model (one Gemm) and model-card.json, its card: it
 *                    shows the registration path (createModelVersion, PUT, completeModelUpload);
 *                    its weights are not trained, so its answers mean nothing
 *   hard-sphere-curves.json, hard-sphere-heldout.json
 *                    64 and 24 curves of uniformly polydisperse hard spheres (Percus–Yevick, our
 *                    src/compute/sas, eqs. 4 of paper 000) in sasgraph's JSON export format: Q·D0
 *                    from 3 to 13 (REDUCED, 40 points), I with P(0) = 1 (DIMENSIONLESS), each curve
 *                    with distribution, eta and sigma: the README's end-to-end training example
 *
 * Run: `npx ts-node --transpile-only examples/make-examples.ts` (the files are checked in; run it
 * again only to change them).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluate, reducedIntensityPY } from "../src/compute/sas";
import { qGrid } from "../src/compute/sampling";
import { Random } from "../src/compute/random";
import { exportDataset } from "../src/formats";
import { OnnxGraphBuilder } from "../src/onnx";
import { MODEL_CARD_SCHEMA } from "../src/serving";

const here = __dirname;

function measurement() {
  const q = qGrid(0.005, 0.3, 60, "LOG");
  const dq = q.map((v) => 0.05 * v);
  const model = evaluate("sphere", { radius: 50, radius_pd: 0.1, radius_pd_type: "gaussian", sld: 3.47, sld_solvent: 6.36, scale: 0.01, background: 0.05 }, q, {
    resolution: { dq },
  });
  const rng = new Random(4471);
  // Counts of 2e4 per 1/cm: Poisson noise by the normal approximation (every bin holds > 1000 counts).
  const perUnit = 2e4;
  const intensity = new Float64Array(q.length);
  const dI = new Float64Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const counts = model.I[i] * perUnit;
    intensity[i] = (counts + Math.sqrt(counts) * rng.normal()) / perUnit;
    dI[i] = Math.sqrt(counts) / perUnit;
  }
  return { q, dq, intensity, dI };
}

function cansasXml(m: ReturnType<typeof measurement>): string {
  const rows = Array.from(
    m.q,
    (q, i) =>
      `      <Idata><Q unit="1/A">${q.toPrecision(7)}</Q><I unit="1/cm">${m.intensity[i].toPrecision(7)}</I>` +
      `<Idev unit="1/cm">${m.dI[i].toPrecision(5)}</Idev><Qdev unit="1/A">${m.dq[i].toPrecision(5)}</Qdev></Idata>`,
  ).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<SASroot version="1.1" xmlns="urn:cansas1d:1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="urn:cansas1d:1.1 http://www.cansas.org/formats/1.1/cansas1d.xsd">
  <SASentry name="run4471">
    <Title>Silica spheres in D2O, 1 % v/v, 25 C</Title>
    <Run>4471</Run>
    <SASdata name="reduced">
${rows}
    </SASdata>
    <SASsample name="silica-d2o">
      <ID>silica-d2o-01</ID>
      <thickness unit="mm">1.0</thickness>
      <transmission>0.91</transmission>
      <temperature unit="C">25</temperature>
      <details>Ludox-type silica spheres dispersed in D2O</details>
    </SASsample>
    <SASinstrument>
      <name>D22</name>
      <SASsource>
        <radiation>neutron</radiation>
        <wavelength unit="A">6.0</wavelength>
        <wavelength_spread unit="percent">10</wavelength_spread>
      </SASsource>
      <SAScollimation>
        <length unit="m">8.0</length>
      </SAScollimation>
      <SASdetector>
        <name>main</name>
        <SDD unit="m">8.0</SDD>
      </SASdetector>
    </SASinstrument>
    <SASprocess>
      <name>reduction</name>
      <date>2026-11-30</date>
      <description>radial average, transmission and empty-cell correction, absolute scale from water</description>
    </SASprocess>
    <SASnote>Example file of the sasgraph README: a simulated measurement (sphere model with counting noise).</SASnote>
  </SASentry>
</SASroot>
`;
}

async function nexus(m: ReturnType<typeof measurement>): Promise<Buffer> {
  const file = await exportDataset("NXCANSAS", {
    dataset: {
      id: "00000000-0000-4000-8000-000000004471",
      title: "Silica spheres in D2O, 1 % v/v, 25 C",
      description: "run 4471: a simulated measurement (sphere model with counting noise)",
      kind: "MEASURED",
      technique: "SANS",
      license: "CC-BY-4.0",
      keywords: ["silica"],
      metadata: { run: 4471, sample: { name: "silica-d2o", thickness: { value: 1, unit: "mm" } }, instrument: { name: "D22" } },
      owner: "example",
      createdAt: "2026-11-30T12:00:00.000Z",
    },
    provenance: {},
    curves: [{ title: "run4471", q: m.q, intensity: m.intensity, dI: m.dI, dQ: m.dq, qUnit: "INV_ANGSTROM", intensityUnit: "INV_CM" }],
  });
  return file.body;
}

const GRID = [0.01, 0.02, 0.04, 0.08, 0.16, 0.3];

function model(): { bytes: Uint8Array; card: Record<string, unknown> } {
  const g = new OnnxGraphBuilder("example-linear");
  const w = Float32Array.from({ length: 12 }, (_, k) => Math.sin(k + 1) / 4);
  const y = g.gemm(g.input("curve", ["batch", 6]), g.initializer("w", w, [6, 2]), g.initializer("b", Float32Array.from([0, 0]), [2]), { name: "params" });
  g.output(y, ["batch", 2]);
  const card = {
    schema: MODEL_CARD_SCHEMA,
    name: "example-linear",
    description: "Example of the registration path only: one untrained Gemm layer; its predictions mean nothing.",
    qGrid: GRID,
    qUnit: "1/A",
    preprocessing: { interpolation: { method: "log_log", extrapolation: "clamp" }, transform: { kind: "log10" } },
    input: { tensor: "curve", layout: "batch_features" },
    outputs: [
      {
        kind: "regression",
        tensor: "params",
        parameters: [
          { name: "radius", unit: "Å", index: 0, mean: 50, std: 20 },
          { name: "radius_pd", unit: "", index: 1, mean: 0.1, std: 0.05 },
        ],
      },
    ],
    domain: { qMin: 0.01, qMax: 0.3 },
  };
  return { bytes: g.build(), card };
}

/** PY curves of uniform polydisperse hard spheres, eta U(0.05, 0.45) and sigma U(0.02, 0.2), seeded. */
async function hardSphereCurves(count: number, seed: number, title: string): Promise<Buffer> {
  const Q = qGrid(3, 13, 40, "LINEAR");
  const random = new Random(seed);
  const curves = Array.from({ length: count }, (_, i) => {
    const eta = Number(random.uniform(0.05, 0.45).toFixed(4));
    const sigma = Number(random.uniform(0.02, 0.2).toFixed(4));
    return {
      title: `curve ${i}`,
      q: Q,
      intensity: reducedIntensityPY(Q, eta, "uniform", sigma, 24),
      dI: null,
      dQ: null,
      qUnit: "REDUCED" as const,
      intensityUnit: "DIMENSIONLESS" as const,
      parameters: { distribution: "uniform", eta, sigma },
    };
  });
  const file = await exportDataset("JSON", {
    dataset: {
      id: `00000000-0000-4000-8000-00000000${String(seed).padStart(4, "0")}`,
      title,
      description: "Percus–Yevick I(Q) of uniformly polydisperse hard spheres (paper 000, eq. 4), computed by sasgraph: the README's training example",
      kind: "SIMULATED",
      technique: "SAXS",
      license: "CC-BY-4.0",
      keywords: ["hard-spheres", "percus-yevick"],
      metadata: {},
      owner: "example",
      createdAt: "2026-12-04T12:00:00.000Z",
    },
    provenance: {},
    curves,
  });
  return file.body;
}

async function main(): Promise<void> {
  const m = measurement();
  fs.writeFileSync(path.join(here, "run4471.xml"), cansasXml(m));
  fs.writeFileSync(path.join(here, "run4471.h5"), await nexus(m));
  const { bytes, card } = model();
  fs.writeFileSync(path.join(here, "model.onnx"), bytes);
  fs.writeFileSync(path.join(here, "model-card.json"), JSON.stringify(card, null, 2) + "\n");
  fs.writeFileSync(path.join(here, "hard-sphere-curves.json"), await hardSphereCurves(64, 1701, "PY hard spheres (training)"));
  fs.writeFileSync(path.join(here, "hard-sphere-heldout.json"), await hardSphereCurves(24, 1702, "PY hard spheres (held out)"));
  console.log(`wrote run4471.xml, run4471.h5, model.onnx, model-card.json, hard-sphere-curves.json, hard-sphere-heldout.json in ${here}`);
}

void main();
