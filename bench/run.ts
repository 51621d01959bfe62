/**
 * `npm run bench [name ...]`: runs the benchmark suites (all, or those named) and prints Markdown
 * tables. Each suite is a module under bench/ exporting `run(): Promise<void>`.
 */
import * as path from "node:path";

// Measure the server as the Dockerfile runs it: graphql-js (and express) check more in development
// mode, e.g. a realm check on every type test of every value completed. Set before any suite loads.
process.env.NODE_ENV ??= "production";

const SUITES: Record<string, string> = {
  catalogue: "./catalogue.bench",
  sas: "./sas.bench",
  particles: "./particles.bench",
  "paper-md": "./paper-md-vs-lammps",
  colloids: "./colloids.bench",
  serving: "./serving.bench",
  predict: "./predict.bench",
  plot: "./plot.bench",
  training: "./training.bench",
  "virtual-sans": "./virtual-sans.bench",
  scaling: "./scaling.bench",
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
  for (const name of names) {
    const modulePath = SUITES[name];
    if (!modulePath) throw new Error(`unknown bench suite "${name}"; known: ${Object.keys(SUITES).join(", ")}`);
    let suite: { run: () => Promise<void> };
    try {
      // A suite is loaded only when asked for (some need a peer the machine may lack): a runtime require.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      suite = require(path.join(__dirname, modulePath));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") {
        console.log(`(bench suite ${name} not built yet: skipped)`);
        continue;
      }
      throw err;
    }
    console.log(`\n## ${name}`);
    await suite.run();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
