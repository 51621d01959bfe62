/**
 * The import graph of src/, type-only imports included (ESLint's import-x/no-cycle skips those): no
 * cycle at all, so each layer can be read, tested and replaced on its own; src/compute imports
 * nothing outside itself; and no job sees the whole services container.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "..", "..", "src");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const files = sources(SRC);
const known = new Set(files);
/** Relative imports of each file, resolved to files of src/. */
const graph = new Map<string, string[]>(
  files.map((file) => {
    const imported = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((i) => i.fileName);
    const targets = imported
      .filter((name) => name.startsWith("."))
      .map((name) => path.resolve(path.dirname(file), name))
      .map((base) => [`${base}.ts`, path.join(base, "index.ts")].find((c) => known.has(c)))
      .filter((t): t is string => t !== undefined);
    return [file, targets];
  }),
);
const rel = (f: string) => path.relative(SRC, f);

/** Imports that load at run time: not `import type`, not an import whose every binding is a type. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
  const names: string[] = [];
  for (const node of source.statements) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        if (clause?.isTypeOnly) continue;
        const bindings = clause?.namedBindings;
        const allTypes =
          clause && !clause.name && bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
        if (allTypes) continue;
      } else if (node.isTypeOnly) continue;
      names.push(node.moduleSpecifier.text);
    }
  }
  return names;
}

/** Everything a module loads at run time: src/ files and the packages they name. */
function loads(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const name of runtimeImports(file)) {
      if (!name.startsWith(".")) packages.add(name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0]);
      else {
        const base = path.resolve(path.dirname(file), name);
        const target = [`${base}.ts`, path.join(base, "index.ts")].find((c) => known.has(c));
        if (target) visit(target);
      }
    }
  };
  visit(entry);
  return { files, packages };
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

test("the graph is read (a sanity check of the parser)", () => {
  expect(graph.get(path.join(SRC, "services", "simulation-service.ts"))!.map(rel)).toContain(path.join("simulations", "registry.ts"));
});

test("src/ has no import cycle, counting type-only imports", () => {
  expect(cycles()).toEqual([]);
});

test("src/compute imports nothing outside src/compute", () => {
  const compute = path.join(SRC, "compute") + path.sep;
  const outside = files
    .filter((f) => f.startsWith(compute))
    .flatMap((f) =>
      graph
        .get(f)!
        .filter((t) => !t.startsWith(compute))
        .map((t) => `${rel(f)} -> ${rel(t)}`),
    );
  expect(outside).toEqual([]);
});

test("no job kind or job module imports the services container", () => {
  const container = path.join(SRC, "services", "container.ts");
  const narrow = files.filter((f) => f.startsWith(path.join(SRC, "jobs") + path.sep));
  expect(narrow.filter((f) => graph.get(f)!.includes(container)).map(rel)).toEqual([]);
});

test.each([
  ["a job's compute thread", path.join("workers", "jobs", "compute-thread-entry.ts"), path.join("simulations", "kinds", "hard-spheres.ts")],
  ["the request pool's thread", path.join("workers", "pool", "compute-worker.ts"), path.join("compute", "sas", "evaluate.ts")],
])("%s loads compute code, not the database, GraphQL or the entities", (_what, entry, expected) => {
  const { files, packages } = loads(path.join(SRC, entry));
  // The sanity check: it does load what it runs.
  expect([...files].map(rel)).toContain(expected);
  expect([...files].map(rel).filter((f) => /^(entities|schema|resolvers|server|db|storage)\//.test(f) || f.endsWith("container.ts"))).toEqual([]);
  expect([...packages].filter((p) => ["typeorm", "type-graphql", "pg", "pg-boss", "graphql", "minio", "@apollo/server"].includes(p))).toEqual([]);
});
