import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { runSasSweep, sweepPoints, type SasSweepSpec } from "../../compute/sas/sweep";
import type { SamplingMethod } from "../../compute/sampling";
import { CURVE_EXPORT_FORMATS, exportDataset, type ExportFormat } from "../../formats";
import type { CurveRecord } from "../../formats/curve";
import { parseAssignments, parseQGrid } from "../curve-args";
import type { Command } from "../command";

const HELP = `usage: sasgraph sweep MODEL [name=value ...] [name=min:max[:log] ...] --count N --out FILE
                      [--sampling lhs|random|grid] [--seed S] [--q min:max:points[:lin]]
                      [--resolution DQ_OVER_Q] [--noise COUNTS_PER_UNIT] [--format ${CURVE_EXPORT_FORMATS.map((f) => f.name.toLowerCase()).join("|")}]

Computes a training set locally, one curve per sampled parameter set, with a progress bar.
  sasgraph sweep sphere radius=10:100 radius_pd=0:0.25 radius_pd_type=gaussian \\
      --count 5000 --sampling lhs --seed 1 --q 0.005:0.5:200 --resolution 0.05 --noise 1e5 --out spheres.npy
The same sweep on the server (as a job, into the catalogue) is the startSimulation mutation.
Without --format the output file's extension picks the format:
${CURVE_EXPORT_FORMATS.map((f) => `  .${f.extension.padEnd(5)} ${f.name.toLowerCase().padEnd(11)} ${f.title}`).join("\n")}`;

/** A --format value (a format's name, any case, or its extension) or the output file's extension. */
export function outputFormat(format: string | undefined, out: string): ExportFormat {
  if (format !== undefined) {
    const wanted = format.toLowerCase().replace(/^\./, "");
    const found = CURVE_EXPORT_FORMATS.find((f) => f.name.toLowerCase() === wanted || f.extension === wanted);
    if (!found) throw new Error(`--format must be one of ${CURVE_EXPORT_FORMATS.map((f) => f.name.toLowerCase()).join(", ")}, not "${format}"`);
    return found.name;
  }
  const extension = path.extname(out).slice(1).toLowerCase();
  const found = CURVE_EXPORT_FORMATS.find((f) => f.extension === extension);
  if (!found)
    throw new Error(
      `cannot tell the output format from "${out}": use --format, or end the file name in ${CURVE_EXPORT_FORMATS.map((f) => `.${f.extension}`).join(", ")}`,
    );
  return found.name;
}

const SAMPLING: Record<string, SamplingMethod> = { lhs: "LATIN_HYPERCUBE", random: "RANDOM", grid: "GRID" };

export const sweepCommand: Command = {
  summary: "compute a sweep of curves locally, with a progress bar (training sets)",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        count: { type: "string" },
        out: { type: "string" },
        sampling: { type: "string", default: "lhs" },
        seed: { type: "string", default: "0" },
        q: { type: "string", default: "0.001:0.5:200" },
        unit: { type: "string", default: "1/A" },
        resolution: { type: "string" },
        noise: { type: "string" },
        format: { type: "string" },
        beta: { type: "boolean" },
        help: { type: "boolean" },
      },
    });
    const [model, ...assignments] = positionals;
    if (values.help || !model) {
      console.log(HELP);
      return values.help ? 0 : 2;
    }
    if (!values.count || !values.out) throw new Error("--count and --out are required (see --help)");
    const sampling = SAMPLING[values.sampling!];
    if (!sampling) throw new Error(`--sampling must be lhs, random or grid, not "${values.sampling}"`);
    const format = outputFormat(values.format, values.out);
    const { fixed, ranges } = parseAssignments(assignments);
    const q = parseQGrid(values.q!, values.unit);
    const spec: SasSweepSpec = {
      model,
      parameters: fixed,
      ranges,
      sampling,
      count: Number(values.count),
      seed: Number(values.seed),
      q: q.inverseAngstrom,
      resolution: values.resolution ? Number(values.resolution) : undefined,
      countsPerUnit: values.noise ? Number(values.noise) : undefined,
      structureFactorMode: values.beta ? "beta" : "plain",
    };
    const total = sweepPoints(spec).length;
    const bar = new SingleBar({ format: "sweep {bar} {percentage}% | {value}/{total} curves | {eta_formatted} left", etaBuffer: 200 }, Presets.shades_classic);
    bar.start(total, 0);
    const curves: CurveRecord[] = [];
    for (const c of runSasSweep(spec)) {
      curves.push({ q: spec.q, intensity: c.I, dI: c.dI, dQ: c.dQ, qUnit: "INV_ANGSTROM", intensityUnit: "INV_CM", parameters: c.parameters });
      if (curves.length % 50 === 0 || curves.length === total) bar.update(curves.length);
    }
    bar.stop();
    const exported = await exportDataset(format, {
      dataset: {
        id: "local",
        title: `${model} sweep (${total} curves, seed ${spec.seed})`,
        description: `sasgraph sweep ${argv.join(" ")}`,
        kind: "SIMULATED",
        technique: "SANS",
        license: "CC-BY-4.0",
        keywords: [model],
        metadata: { model, fixedParameters: fixed, ranges, sampling, seed: spec.seed },
        owner: process.env.USER ?? "local",
        createdAt: new Date().toISOString(),
      },
      provenance: {},
      curves,
    });
    fs.writeFileSync(values.out, exported.body);
    console.error(`wrote ${total} curves to ${values.out} (${format}, ${exported.body.length} bytes)`);
    return 0;
  },
};
