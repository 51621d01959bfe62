import { loadConfig } from "../../server/config";
import { startPlatform } from "../../server/platform";
import type { Command } from "../command";

export const migrateCommand: Command = {
  summary: "apply pending database migrations and exit",
  async run() {
    const platform = await startPlatform(loadConfig(), { jobs: false });
    await platform.close();
    console.log("database is up to date.");
    return 0;
  },
};
