import { parseArgs } from "node:util";
import { loadConfig } from "../../platform/config";
import { migrateDatabase } from "../../platform/platform";
import type { Command } from "../command";

export const migrateCommand: Command = {
  summary: "apply pending database migrations and exit",
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { help: { type: "boolean" } } });
    if (values.help) {
      console.log(
        "usage: sasgraph migrate\n\nApplies pending migrations to DATABASE_URL (or the embedded database under SASGRAPH_HOME) and exits.\nSafe to run from several processes at once: migrations are serialised by an advisory lock.",
      );
      return 0;
    }
    const applied = await migrateDatabase(loadConfig());
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date.");
    return 0;
  },
};
