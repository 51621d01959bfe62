import { parseArgs } from "node:util";
import { evaluate, parameterDefaults } from "../../compute/sas";
import { parseAssignments, parseQGrid } from "../curve-args";
import { Q_UNIT_LABEL } from "../../compute/units";
import type { Command } from "../command";

const HELP = `usage: sasgraph compute MODEL [name=value ...] [--q min:max:points[:lin]] [--unit 1/A|1/nm]
                        [--format csv|tsv|json] [--resolution DQ_OVER_Q] [--beta]

Prints I(q) of a model with sasmodels' names and conventions (q in 1/Å unless --unit, I in 1/cm).
  sasgraph compute sphere radius=50 radius_pd=0.1 --q 0.001:0.5:200 --format csv
  sasgraph compute sphere@hardsphere radius=40 volfraction=0.3 --beta
Parameters not given take the model's defaults ('sasgraph models MODEL' lists them).`;

export const computeCommand: Command = {
  summary: "print I(q) of a scattering model (sasgraph compute sphere radius=50 --q 0.001:0.5:200)",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        q: { type: "string", default: "0.001:0.5:200" },
        unit: { type: "string", default: "1/A" },
        format: { type: "string", default: "csv" },
        resolution: { type: "string" },
        beta: { type: "boolean" },
        help: { type: "boolean" },
      },
    });
    const [model, ...assignments] = positionals;
    if (values.help || !model) {
      console.log(HELP);
      return model || values.help ? 0 : 2;
    }
    const { fixed, ranges } = parseAssignments(assignments);
    if (ranges.length) throw new Error(`compute takes single values; for ranges (${ranges.map((r) => r.name).join(", ")}) use 'sasgraph sweep'`);
    const q = parseQGrid(values.q!, values.unit);
    const resolution = values.resolution ? Number(values.resolution) : 0;
    const result = evaluate(model, fixed, q.inverseAngstrom, {
      structureFactorMode: values.beta ? "beta" : "plain",
      resolution: resolution > 0 ? { dq: q.inverseAngstrom.map((v) => v * resolution) } : undefined,
    });
    const used: Record<string, number | string> = { ...parameterDefaults(model), ...fixed };
    const qLabel = Q_UNIT_LABEL[q.unit];
    if (values.format === "json") {
      console.log(JSON.stringify({ model, parameters: used, qUnit: qLabel, intensityUnit: "1/cm", q: Array.from(q.given), I: Array.from(result.I) }));
      return 0;
    }
    const sep = values.format === "tsv" ? "\t" : ",";
    if (values.format !== "csv" && values.format !== "tsv") throw new Error(`--format must be csv, tsv or json, not "${values.format}"`);
    const lines = [`# model: ${model}`, `# parameters: ${JSON.stringify(used)}`, `q (${qLabel})${sep}I (1/cm)`];
    for (let i = 0; i < q.given.length; i++) lines.push(`${q.given[i]}${sep}${result.I[i]}`);
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  },
};
