/**
 * The one way sasgraph starts a worker thread, built or not: the compiled .js next to the caller
 * (dist/), or — when running from the TypeScript sources (ts-jest, ts-node) — the .ts through the
 * TypeScript compiler's transpileModule, so tests exercise the same real thread (cancellation,
 * memory limits, crashes) that the built platform runs, never an inline stand-in.
 */
import * as path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Start `<baseName>.js` (or `.ts`) from the directory of `callerFilename`; pass the caller's
 * `__filename`, whose extension tells whether we run compiled. `options` (workerData,
 * resourceLimits, ...) go to the Worker as they are.
 */
export function startComputeWorker(callerFilename: string, baseName: string, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const directory = path.dirname(callerFilename);
  if (callerFilename.endsWith(".js")) return new Worker(path.join(directory, `${baseName}.js`), options);
  const source = path.join(directory, `${baseName}.ts`);
  const bootstrap = `
    const ts = require("typescript");
    const fs = require("node:fs");
    require.extensions[".ts"] = (module, filename) => {
      const output = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
        // The project's decorator settings: a thread that loads an entity or schema class must not
        // get TC39 decorators instead of TypeORM's and type-graphql's.
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true },
        fileName: filename,
      });
      module._compile(output.outputText, filename);
    };
    require(${JSON.stringify(source)});
  `;
  return new Worker(bootstrap, { ...options, eval: true });
}
