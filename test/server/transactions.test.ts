/**
 * Writes that span rows stay inside their transaction: a failure part-way leaves nothing, and a
 * write holds one connection, not one for the transaction and another for reads beside it (with a
 * pool of one connection, such a write would wait for itself forever).
 */
import type { DataSource } from "typeorm";
import { connectDatabase } from "../../src/db/data-source";
import { AuthService } from "../../src/services/auth-service";
import { CatalogueService } from "../../src/services/catalogue-service";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let single: DataSource;

beforeAll(async () => {
  t = await startTestPlatform();
  const url = (t.services.db.options as { url: string }).url;
  single = (await connectDatabase(url, { poolSize: 1 })).dataSource;
});

afterAll(async () => {
  await single?.destroy();
  await t?.close();
});

const count = async (sql: string, params: unknown[] = []) => Number((await t.services.db.query(sql, params))[0].n);

/** Fails the test instead of hanging when a write waits for a second connection. */
function withinSeconds<T>(p: Promise<T>, seconds = 10): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${seconds} s: a second connection?`)), seconds * 1000)),
  ]);
}

test("createToken with a bad group name leaves neither the user nor the groups before it", async () => {
  const auth = new AuthService(t.services.db);
  await expect(auth.createToken("tx-user-1", ["tx-good-group", "bad group!"])).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  expect(await count(`SELECT count(*) AS n FROM users WHERE name = 'tx-user-1'`)).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM groups WHERE name = 'tx-good-group'`)).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.name = 'tx-user-1'`)).toBe(0);
});

test("a token, a user and groups are made on one connection", async () => {
  const issued = await withinSeconds(new AuthService(single).createToken("tx-user-2", ["tx-a", "tx-b"]));
  expect(issued.groups.map((g) => g.name)).toEqual(["tx-a", "tx-b"]);
});

test("createDataset and shareDataset read groups inside their transaction, on one connection", async () => {
  const auth = new AuthService(single);
  const viewer = await auth.authenticate(`Bearer ${(await auth.createToken("tx-user-3", ["tx-c"])).token}`);
  const catalogue = new CatalogueService(single, t.services.store);
  const dataset = await withinSeconds(
    catalogue.createDataset(viewer, { kind: "MEASURED", technique: "SANS", title: "tx", ownerGroup: "tx-c", accessGroups: ["tx-a"] }),
  );
  expect(dataset.accessGroupIds).toHaveLength(1);
  const shared = await withinSeconds(catalogue.shareDataset(viewer, dataset.id, ["tx-a", "tx-b"]));
  expect(shared.accessGroupIds).toHaveLength(2);
  await expect(
    catalogue.createDataset(viewer, { kind: "MEASURED", technique: "SANS", title: "tx-none", accessGroups: ["tx-nonexistent"] }),
  ).rejects.toMatchObject({
    code: "BAD_USER_INPUT",
    field: "accessGroups",
  });
  expect(await count(`SELECT count(*) AS n FROM datasets WHERE title = 'tx-none'`)).toBe(0);
});

test("createModel with an unknown access group leaves no model, on one connection", async () => {
  const bob = await t.token("tx-bob", ["tx-d"]);
  const r = await t.gql(`mutation { createModel(input: {name: "tx-model", task: REGRESSION, accessGroups: ["tx-d", "tx-missing"]}) { id } }`, {}, bob);
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "accessGroups" });
  expect(await count(`SELECT count(*) AS n FROM models WHERE name = 'tx-model'`)).toBe(0);
});
