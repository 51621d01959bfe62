/**
 * `sasgraph import FILE --dataset ID` against a running platform: an MD-layout curve table and
 * sasgraph's own JSON export go in through an upload link and the import job; bad arguments and
 * another user's dataset fail with a message and a non-zero exit code.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatOfFile, importCommand } from "../../src/cli/commands/import";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
let dir: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("cli-user");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-import-"));
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function dataset(owner = token): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: SIMULATED, technique: SANS, title: "cli"}) { id } }`,
    {},
    owner,
  );
  return r.data!.createDataset.id;
}

/** Runs the command, capturing stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  try {
    const code = await importCommand.run([...args, "--url", `${t.url}/graphql`, "--token", token]);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

test("formats follow the extension", () => {
  expect(["a.json", "b.NPY", "c.xml", "d.h5", "e.nxs", "f.dat", "g.csv"].map(formatOfFile)).toEqual([
    "JSON",
    "NPY",
    "CANSAS_XML",
    "NXCANSAS",
    "NXCANSAS",
    "ASCII",
    "ASCII",
  ]);
});

test("an MD-layout curve table imports with eta, sigma and the distribution on each curve", async () => {
  const file = path.join(dir, "uniform.json");
  const log10I = [
    [-0.5, -1.25, -2],
    [-0.75, -1.5, -2.5],
    [-1, -1.75, -3],
  ];
  fs.writeFileSync(
    file,
    JSON.stringify({
      distribution: "uniform",
      q: [3, 8, 13],
      q_unit: "1/D0 (D0 = 1)",
      count: 3,
      eta: [0.1, 0.2, 0.3],
      sigma: [0.05, 0.1, 0.15],
      log10_I: log10I,
    }),
  );
  const id = await dataset();
  const r = await run([file, "--dataset", id, "--intensity-unit", "DIMENSIONLESS"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toMatchObject({ curvesAdded: 3, datasetIds: [id] });
  const curves = await t.services.curves.curvesOfDataset(id);
  expect(curves.map((c) => c.parameters)).toEqual([0.1, 0.2, 0.3].map((eta, k) => ({ distribution: "uniform", eta, sigma: [0.05, 0.1, 0.15][k] })));
  expect(curves[2]).toMatchObject({ qUnit: "REDUCED", intensityUnit: "DIMENSIONLESS", q: [3, 8, 13], intensity: log10I[2].map((v) => 10 ** v) });
});

test("a JSON export of one dataset imports into another with its curves as they were", async () => {
  const from = await dataset();
  await t.gql(
    `mutation($id: ID!) { addCurves(datasetId: $id, curves: [{q: [0.01, 0.02], intensity: [3.3, 1.1], dI: [0.1, 0.2], parameters: {radius: 42.5}}]) { curveCount } }`,
    { id: from },
    token,
  );
  const dl = await t.gql<{ requestDownload: { url: string } }>(
    `mutation($id: ID!) { requestDownload(datasetId: $id, format: JSON) { url } }`,
    { id: from },
    token,
  );
  const file = path.join(dir, "export.json");
  fs.writeFileSync(file, Buffer.from(await (await fetch(dl.data!.requestDownload.url)).arrayBuffer()));
  const to = await dataset();
  const r = await run([file, "--dataset", to]);
  expect(r.code).toBe(0);
  const [c] = await t.services.curves.curvesOfDataset(to);
  expect(c).toMatchObject({ q: [0.01, 0.02], intensity: [3.3, 1.1], dIntensity: [0.1, 0.2], parameters: { radius: 42.5 }, intensityUnit: "INV_CM" });
});

test("bad arguments, a bad file and another user's dataset fail with a message", async () => {
  expect((await run(["x.json"])).code).toBe(2);
  expect((await run([path.join(dir, "missing.json"), "--dataset", "x"])).err).toMatch(/cannot read/);
  const bad = path.join(dir, "bad.json");
  fs.writeFileSync(bad, JSON.stringify({ q: [1, 2], log10_I: [[1]] }));
  const id = await dataset();
  const failed = await run([bad, "--dataset", id]);
  expect(failed.code).toBe(1);
  expect(failed.err).toMatch(/import failed: .*log10_I\[0\] has 1 points but q has 2/);
  expect(await t.services.curves.curvesOfDataset(id)).toEqual([]);
  const other = await dataset(await t.token("someone-else"));
  const denied = await run([bad, "--dataset", other]);
  expect(denied.code).toBe(1);
  expect(denied.err).toMatch(/NOT_FOUND/);
  expect((await run([bad, "--dataset", id, "--format", "PDF"])).err).toMatch(/not an import format/);
  // LENIENT drops the q = 0 row the default refuses.
  const zero = path.join(dir, "zero.json");
  fs.writeFileSync(zero, JSON.stringify({ q: [0, 1, 2], intensity: [[5, 4, 3]] }));
  expect((await run([zero, "--dataset", id])).err).toMatch(/import failed/);
  const lenient = await run([zero, "--dataset", id, "--q-rule", "lenient"]);
  expect(lenient.code).toBe(0);
  expect((await t.services.curves.curvesOfDataset(id)).map((c) => c.q)).toEqual([[1, 2]]);
});
