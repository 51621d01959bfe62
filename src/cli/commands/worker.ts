import { parseArgs } from "node:util";
import { loadConfig } from "../../platform/config";
import { startPlatform } from "../../platform/platform";
import { startWorkers } from "../../jobs/worker";
import { untilSignal, type Command } from "../command";

export const workerCommand: Command = {
  summary: "run job workers only (simulations, training, exports) against DATABASE_URL",
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { concurrency: { type: "string", default: "1" }, help: { type: "boolean" } } });
    if (values.help) {
      console.log(
        "usage: sasgraph worker [--concurrency N]\n\nWorks jobs from the pg-boss queues of the database in DATABASE_URL; run as many as you like, on any host.",
      );
      return 0;
    }
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error("--concurrency must be a positive integer");
    const config = loadConfig();
    if (!config.databaseUrl) console.warn("DATABASE_URL is not set: working the embedded database under SASGRAPH_HOME");
    const platform = await startPlatform(config, { migrate: true });
    await startWorkers(platform.services, concurrency);
    console.log(`worker ready: queues ${platform.services.jobs.queues.join(", ")}; concurrency ${concurrency}`);
    await untilSignal();
    await platform.close();
    return 0;
  },
};
