import { scatteringModelInfo, listScatteringModels } from "../../compute/sas";
import type { Command } from "../command";

export const modelsCommand: Command = {
  summary: "list scattering models, or one model's parameter table (sasgraph models sphere)",
  async run(argv) {
    const [name] = argv;
    if (!name) {
      for (const m of listScatteringModels()) console.log(`${m.name.padEnd(22)} ${m.category.padEnd(20)} ${m.title}`);
      return 0;
    }
    const m = scatteringModelInfo(name);
    console.log(`${m.name}: ${m.title}\n${m.description}\n`);
    console.log(`${"parameter".padEnd(18)} ${"unit".padEnd(12)} ${"default".padStart(10)}  ${"limits".padEnd(22)} kind`);
    for (const p of m.parameters) {
      console.log(
        `${p.name.padEnd(18)} ${p.unit.padEnd(12)} ${String(p.default).padStart(10)}  ${`[${p.limits.join(", ")}]`.padEnd(22)} ${p.kind}${p.polydisperse ? " (pd)" : ""}`,
      );
    }
    return 0;
  },
};
