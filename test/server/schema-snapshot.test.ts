/**
 * The printed GraphQL schema is checked in (schema.graphql), so every API change shows in review as
 * a diff of that file. When this fails, look at the diff and, if the change is meant, regenerate it:
 *   npm run build && npm exec -- sasgraph schema > schema.graphql
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { printSchema } from "graphql";
import { buildGraphQLSchema } from "../../src/server/schema";

test("schema.graphql is the schema the server builds", async () => {
  const printed = printSchema(await buildGraphQLSchema()) + "\n";
  const checkedIn = fs.readFileSync(path.join(__dirname, "..", "..", "schema.graphql"), "utf8");
  // A readable failure: the first line that differs, not two 2000-line strings.
  const a = printed.split("\n");
  const b = checkedIn.split("\n");
  const line = a.findIndex((l, i) => l !== b[i]);
  expect(line === -1 && a.length === b.length ? null : { line: line + 1, server: a[line], schemaGraphql: b[line] }).toBeNull();
});
