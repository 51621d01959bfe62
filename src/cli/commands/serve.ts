import { parseArgs } from "node:util";
import { loadConfig, CONFIG_VARIABLES } from "../../platform/config";
import { startPlatform } from "../../platform/platform";
import { listen } from "../../server/app";
import { startWorkers } from "../../jobs/worker";
import { seedDemoCatalogue } from "../../services/demo-seed";
import { untilSignal, type Command } from "../command";

const HELP = `usage: sasgraph serve [--port N] [--workers N] [--no-seed]

Serves GraphQL at http://localhost:PORT/graphql, GraphiQL at / and the catalogue browser at /browse.
Without DATABASE_URL and S3_ENDPOINT it starts an embedded PostgreSQL and object store under SASGRAPH_HOME (./.sasgraph).

environment:
${Object.entries(CONFIG_VARIABLES)
  .map(([k, v]) => `  ${k.padEnd(26)} ${v}`)
  .join("\n")}`;

export const serveCommand: Command = {
  summary: "serve the GraphQL API (and job workers, unless --workers 0)",
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: "string" }, workers: { type: "string" }, "no-seed": { type: "boolean" }, help: { type: "boolean" } },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const env = { ...process.env };
    if (values.port) env.PORT = values.port;
    if (values.workers) env.SASGRAPH_WORKERS = values.workers;
    if (values["no-seed"]) env.SASGRAPH_SEED_DEMO = "false";
    const config = loadConfig(env);
    const started = Date.now();
    const platform = await startPlatform(config);
    const { services } = platform;
    if (config.seedDemo) {
      const seeded = await seedDemoCatalogue(services, (m) => console.log(`seed: ${m}`));
      if (seeded) console.log(`demo catalogue seeded: ${seeded}`);
    }
    const server = await listen(services, config.port, config.host);
    if (config.inProcessWorkers > 0) await startWorkers(services, config.inProcessWorkers);
    console.log(`sasgraph ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  GraphQL   ${server.url}/graphql  (WebSocket subscriptions on the same path)`);
    console.log(`  GraphiQL  ${server.url}/`);
    console.log(`  browser   ${server.url}/browse  (catalogue, plots, provenance, jobs, models)`);
    console.log(`  health    ${server.url}/healthz  ${server.url}/readyz`);
    console.log(`  workers   ${config.inProcessWorkers} in this process`);
    console.log("Press Ctrl-C to stop.");
    const signal = await untilSignal();
    console.log(`\n${signal}: stopping…`);
    services.jobs.beginShutdown();
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await server.close();
    await platform.close();
    console.log("stopped.");
    return 0;
  },
};
