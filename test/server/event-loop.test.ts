/**
 * Heavy work off the event loop (issue 12 item 3): the compute pool gives the inline results bit for
 * bit, survives crashed and cancelled threads and refuses work past its queue; a big computeIntensity
 * leaves /healthz answering; the cost limit prices computeIntensity by its work, provenance by its
 * depth and datasetSvd by its size, so aliases of heavy fields are refused before anything runs.
 */
import { parse } from "graphql";
import { evaluate, evaluationWork } from "../../src/compute/sas";
import { curveSvd } from "../../src/compute/analysis";
import { qGrid } from "../../src/compute/sampling";
import { createComputePool, PoolAbortedError, PoolBusyError, PoolTaskError, type WorkerPool } from "../../src/workers/pool";
import { queryCost, provenanceNodes, WORK_PER_COST, VALUES_PER_COST } from "../../src/server/query-limits";
import * as fs from "node:fs";
import * as path from "node:path";
import { exportDataset, parseFile, type ExportFormat } from "../../src/formats";
import { FormatError, type DatasetExport } from "../../src/formats/curve";
import { createHeavyWork } from "../../src/services/heavy/heavy-work";
import { fastTypes } from "../../src/db/float-arrays";
import { startTestPlatform, type TestPlatform } from "../support/platform";

function sameBits(a: Float64Array | undefined, b: Float64Array | undefined): void {
  expect(a?.length).toBe(b?.length);
  if (!a || !b) return;
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
  expect(differing).toBe(0);
}

describe("compute pool", () => {
  let pool: WorkerPool;
  beforeAll(() => {
    pool = createComputePool(2, 1);
  });
  afterAll(async () => {
    await pool.close();
  });

  it("gives evaluate()'s intensities bit for bit (polydispersity, product, beta, resolution)", async () => {
    const q = qGrid(0.002, 0.4, 600);
    const dq = q.map((v) => 0.03 * v);
    const parameters = { radius: 40, radius_pd: 0.1, radius_pd_n: 15, volfraction: 0.2 };
    const inline = evaluate("sphere@hardsphere", parameters, q, { structureFactorMode: "beta", resolution: { dq } });
    const pooled = await pool.run("intensity", {
      model: "sphere@hardsphere",
      parameters,
      q: Float64Array.from(q),
      dq: Float64Array.from(dq),
      structureFactorMode: "beta",
    });
    sameBits(pooled.I, inline.I);
    sameBits(pooled.P, inline.P);
    sameBits(pooled.S, inline.S);
    sameBits(pooled.betaFactor, inline.betaFactor);
  });

  it("gives curveSvd()'s decomposition bit for bit", async () => {
    const rows = Array.from({ length: 40 }, (_, k) => Float64Array.from({ length: 30 }, (_, i) => Math.exp(-0.01 * (k + 1) * i) + 0.1 * Math.sin(i * k)));
    const inline = curveSvd(rows, { components: 3, center: true });
    const pooled = await pool.run("svd", { curves: rows.map((r) => Float64Array.from(r)), options: { components: 3, center: true } });
    sameBits(pooled.singularValues, inline.singularValues);
    sameBits(pooled.explainedVariance, inline.explainedVariance);
    for (let c = 0; c < 3; c++) sameBits(pooled.components[c], inline.components[c]);
    for (let k = 0; k < rows.length; k++) sameBits(pooled.scores[k], inline.scores[k]);
    sameBits(pooled.columnMean ?? undefined, inline.columnMean ?? undefined);
  });

  it("moves typed arrays to the thread rather than copying them", async () => {
    const echo = Float64Array.from([1, 2, 3]);
    const back = await pool.run("probe", { echo }, { transfer: [echo.buffer] });
    expect(echo.byteLength).toBe(0); // detached: the buffer went to the worker
    expect(Array.from(back.echo!)).toEqual([1, 2, 3]);
  });

  it("reports a kernel's input error with its name and field", async () => {
    const failed = pool.run("intensity", { model: "sphere", parameters: { radius: -1 }, q: Float64Array.from([0.1]), structureFactorMode: "plain" });
    await expect(failed).rejects.toBeInstanceOf(PoolTaskError);
    await expect(failed).rejects.toMatchObject({ name: "SasInputError", field: "radius" });
  });

  it("replaces a thread that crashes or exits, failing only its task", async () => {
    await expect(pool.run("probe", { crash: true, spinMs: 50 })).rejects.toThrow(/probe crash/);
    await expect(pool.run("probe", { exit: true })).rejects.toThrow(/exited with code 3/);
    const after = await Promise.all([pool.run("probe", {}), pool.run("probe", {})]);
    expect(after.every((r) => r.threadId > 0)).toBe(true);
  });

  it("refuses work past its queue, and an abort terminates the running thread", async () => {
    const controller = new AbortController();
    const first = pool.run("probe", { spinMs: 60_000 }, { signal: controller.signal });
    const second = pool.run("probe", { spinMs: 200 });
    const queued = pool.run("probe", {});
    // Two running, one waiting (maxQueue 1): the next is refused at once.
    await expect(pool.run("probe", {})).rejects.toBeInstanceOf(PoolBusyError);
    expect(pool.load).toEqual({ running: 2, waiting: 1 });
    controller.abort();
    await expect(first).rejects.toBeInstanceOf(PoolAbortedError);
    // The spinning thread was terminated (else this would wait a minute) and replaced.
    await expect(Promise.all([second, queued])).resolves.toHaveLength(2);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
  });
});

describe("compute pool shutdown", () => {
  it("close() fails running and waiting tasks and refuses new ones", async () => {
    const pool = createComputePool(1, 2);
    const running = expect(pool.run("probe", { spinMs: 60_000 })).rejects.toBeInstanceOf(PoolAbortedError);
    const waiting = expect(pool.run("probe", {})).rejects.toBeInstanceOf(PoolAbortedError);
    await pool.close();
    await running;
    await waiting;
    await expect(pool.run("probe", {})).rejects.toThrow(/closed/);
  });
});

describe("export files written on the pool", () => {
  it("are the bytes exportDataset writes inline, in every format", async () => {
    const heavy = createHeavyWork({ threads: 1, queue: 4 });
    try {
      const q = Float64Array.from({ length: 50 }, (_, i) => 0.01 * (i + 1));
      const data: DatasetExport = {
        dataset: {
          id: "3f0c7e1e-0000-4000-8000-000000000001",
          title: "pool export",
          description: "d",
          kind: "MEASURED",
          technique: "SAXS",
          license: "CC-BY-4.0",
          keywords: ["a"],
          metadata: { temperature: { value: 298, unit: "K" } },
          owner: "someone",
          createdAt: "2026-01-01T00:00:00.000Z",
        },
        provenance: { entity: { "sasgraph:x": { "prov:label": "x" } } },
        curves: [0, 1, 2].map((k) => ({
          title: `c${k}`,
          q,
          intensity: q.map((v) => Math.exp(-v * (k + 1))),
          dI: q.map((v) => 0.01 * v),
          dQ: null,
          qUnit: "INV_ANGSTROM",
          intensityUnit: "INV_CM",
          parameters: { k },
        })) as DatasetExport["curves"],
      };
      for (const format of ["CSV", "JSON", "NPY", "CANSAS_XML", "NXCANSAS"] as ExportFormat[]) {
        const inline = await exportDataset(format, data);
        const pooled = await heavy.writeExport(format, data);
        expect({ format, extension: pooled.extension, contentType: pooled.contentType }).toEqual({
          format,
          extension: inline.extension,
          contentType: inline.contentType,
        });
        // NXcanSAS carries HDF5 object timestamps: compare its size; canSAS XML its export date aside,
        // every other format byte for byte.
        const undated = (b: Buffer) => b.toString("latin1").replace(/<date>[^<]*<\/date>/g, "<date/>");
        if (format === "NXCANSAS") expect(pooled.body.length).toBe(inline.body.length);
        else if (format === "CANSAS_XML") expect(undated(pooled.body)).toBe(undated(inline.body));
        else expect(pooled.body.equals(inline.body)).toBe(true);
      }
    } finally {
      await heavy.close();
    }
  });
});

describe("import files read on the pool", () => {
  it("give parseFile's curves bit for bit, and its FormatErrors with their field", async () => {
    const heavy = createHeavyWork({ threads: 1, queue: 4 });
    try {
      for (const [format, file] of [
        ["NXCANSAS", "examples/run4471.h5"],
        ["CANSAS_XML", "examples/run4471.xml"],
      ] as const) {
        const bytes = fs.readFileSync(path.join(__dirname, "../..", file));
        const content = format === "NXCANSAS" ? new Uint8Array(bytes) : bytes.toString("utf8");
        const inline = await parseFile(format, content, {});
        const pooled = await heavy.parseFile(format, format === "NXCANSAS" ? new Uint8Array(bytes) : bytes.toString("utf8"), {});
        expect(pooled.curves.length).toBe(inline.curves.length);
        expect(pooled.curves.length).toBeGreaterThan(0);
        expect(pooled.metadata).toEqual(inline.metadata);
        pooled.curves.forEach((c, k) => {
          sameBits(c.q, inline.curves[k].q);
          sameBits(c.intensity, inline.curves[k].intensity);
          sameBits(c.dI ?? undefined, inline.curves[k].dI ?? undefined);
        });
      }
      const text = "0.01 1\n0.02 x\n";
      const failure = (p: Promise<unknown>): Promise<FormatError> => p.then(() => new FormatError("parsed")).catch((e: unknown) => e as FormatError);
      const inlineError = await failure(parseFile("ASCII", text, {}));
      expect(inlineError).toBeInstanceOf(FormatError);
      const pooledError = await failure(heavy.parseFile("ASCII", text, {}));
      expect(pooledError).toBeInstanceOf(FormatError);
      expect({ message: pooledError.message, field: pooledError.field }).toEqual({ message: inlineError.message, field: inlineError.field });
    } finally {
      await heavy.close();
    }
  });
});

describe("the API during heavy work", () => {
  const intensityQuery = `query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { q intensity } }`;
  // 100 000 q points, a 35-point size distribution and a pinhole smear: seconds of kernel time.
  const big = { model: "sphere", parameters: { radius: 60, radius_pd: 0.1, radius_pd_n: 35 }, q: { min: 0.001, max: 0.5, points: 100_000 }, resolution: 0.001 };

  let t: TestPlatform;
  const bigQ = qGrid(0.001, 0.5, 100_000);
  let truth: Float64Array;
  beforeAll(async () => {
    // The reference first, inline, while no connection is open (the server shares this thread).
    truth = evaluate("sphere", big.parameters, bigQ, { resolution: { dq: bigQ.map((v) => v * 0.001) } }).I;
    t = await startTestPlatform({ env: { SASGRAPH_COMPUTE_THREADS: "1" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers /healthz quickly while a large computeIntensity runs, and the result is evaluate()'s", async () => {
    const work = evaluationWork("sphere", big.parameters, bigQ, { resolution: { dq: bigQ.map((v) => v * 0.001) } });
    expect(work.total).toBeGreaterThan(1e7); // heavy enough that inline it would hold the loop for seconds

    const pending = t.gql<{ computeIntensity: { q: number[]; intensity: number[] } }>(intensityQuery, { input: big });
    let done = false;
    void pending.finally(() => (done = true));
    const probes: number[] = [];
    let duringCompute = 0;
    while (!done || probes.length < 3) {
      const before = performance.now();
      const res = await fetch(`${t.url}/healthz`);
      expect(res.status).toBe(200);
      probes.push(performance.now() - before);
      if (!done) duringCompute++;
      await new Promise((r) => setTimeout(r, 20));
      if (probes.length > 2000) break;
    }
    const r = await pending;
    expect(r.errors).toBeUndefined();
    // Several probes landed while the computation ran, and none waited on it.
    expect(duringCompute).toBeGreaterThanOrEqual(3);
    expect(Math.max(...probes)).toBeLessThan(1000);

    expect(r.data!.computeIntensity.q).toHaveLength(100_000);
    // JSON carries doubles exactly: the pool's answer is the inline evaluation's, bit for bit.
    sameBits(Float64Array.from(r.data!.computeIntensity.intensity), truth);
  });

  it("stops the computation of a client that disconnects", async () => {
    const run = jest.spyOn(t.services.heavy.pool, "run");
    const client = new AbortController();
    const request = fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: intensityQuery, variables: { input: big } }),
      signal: client.signal,
    }).catch((err: unknown) => err as { name: string });
    while (t.services.heavy.pool.load.running === 0) await new Promise((r) => setTimeout(r, 10));
    client.abort();
    expect(await request).toMatchObject({ name: "AbortError" });
    const task = run.mock.results[0].value as Promise<unknown>;
    run.mockRestore();
    await expect(task).rejects.toBeInstanceOf(PoolAbortedError);
    expect(t.services.heavy.pool.load).toEqual({ running: 0, waiting: 0 });
    // The pool carries on with a fresh thread.
    const after = await t.gql(intensityQuery, { input: { ...big, parameters: {} } });
    expect(after.errors).toBeUndefined();
  });

  it("refuses twenty aliases of a huge computeIntensity by cost (HTTP 400), and lets a small one run", async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: computeIntensity(input: $input) { intensity }`).join("\n");
    const run = jest.spyOn(t.services.heavy.pool, "run");
    const refused = await t.gql(`query($input: ComputeIntensityInput!) { ${aliases} }`, { input: big });
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
    expect(refused.errors?.[0].extensions?.cost as number).toBeGreaterThan(50_000);
    const calls = run.mock.calls.length;
    run.mockRestore();
    expect(calls).toBe(0); // refused before execution: nothing reached the pool

    const small = await t.gql<{ computeIntensity: { intensity: number[] } }>(intensityQuery, {
      input: { model: "sphere", q: { min: 0.01, max: 0.3, points: 50 } },
    });
    expect(small.errors).toBeUndefined();
    const truth = evaluate("sphere", {}, qGrid(0.01, 0.3, 50));
    expect(small.data!.computeIntensity.intensity).toEqual(Array.from(truth.I));
  });

  it("refuses a smear too wide to hold, naming the field, before computing", async () => {
    const r = await t.gql(intensityQuery, { input: { model: "sphere", q: { min: 0.001, max: 0.5, points: 100_000 }, resolution: 0.05 } });
    // Priced first: the smear's 3.8e8 weights put it far over the cost limit.
    expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
    const direct = t.services.scattering.computeIntensity({
      model: "sphere",
      q: { min: 0.001, max: 0.5, points: 100_000, unit: "INV_ANGSTROM", spacing: "LOG" } as never,
      resolution: 0.05,
    });
    await expect(direct).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "resolution" });
  });

  it("bounds the numbers one answer carries, naming q (a 100 000-point product has four arrays)", async () => {
    const r = await t.gql(intensityQuery, { input: { model: "sphere@hardsphere", q: { min: 0.001, max: 0.5, points: 100_000 } } });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].extensions?.field).toBe("q");
    expect(r.errors?.[0].message).toMatch(/400000 numbers .* limit is 300000/);
  });

  it("runs a datasetSvd big enough for the pool there, with curveSvd's numbers", async () => {
    const token = await t.token("svd-pool");
    const created = await t.gql<{ createDataset: { id: string } }>(
      `mutation { createDataset(input: {kind: DERIVED, technique: SAXS, title: "svd pool"}) { id } }`,
      {},
      token,
    );
    const id = created.data!.createDataset.id;
    // 250 curves x 120 points = 30 000 cells: past the inline size.
    const q = Array.from({ length: 120 }, (_, i) => 0.005 * (i + 1));
    const curves = Array.from({ length: 250 }, (_, k) => ({ q, intensity: q.map((x, i) => Math.exp(-x * (5 + k / 10)) + 1e-3 * (2 + Math.cos(i * k))) }));
    const added = await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { id } }`, { id, c: curves }, token);
    expect(added.errors).toBeUndefined();
    const run = jest.spyOn(t.services.heavy.pool, "run");
    const r = await t.gql<{ datasetSvd: { singularValues: number[]; components: number[][]; scores: number[][] } }>(
      `query($id: ID!) { datasetSvd(datasetId: $id, components: 2, log10: true) { singularValues components scores } }`,
      { id },
      token,
    );
    const pooled = run.mock.calls.filter((c) => c[0] === "svd").length;
    run.mockRestore();
    expect(r.errors).toBeUndefined();
    expect(pooled).toBe(1);
    const truth = curveSvd(
      curves.map((c) => Float64Array.from(c.intensity)),
      { components: 2, log10: true },
    );
    sameBits(Float64Array.from(r.data!.datasetSvd.singularValues), truth.singularValues);
    sameBits(Float64Array.from(r.data!.datasetSvd.components[1]), truth.components[1]);
    sameBits(Float64Array.from(r.data!.datasetSvd.scores[249]), truth.scores[249]);
  });

  it("reads curve arrays with the fast float8[] parser (pg's parses a big page for seconds)", () => {
    const master = (t.services.db.driver as unknown as { master: { options: { types?: unknown } } }).master;
    expect(master.options.types).toBe(fastTypes);
  });

  it("prices computeIntensity in proportion to q points x polydispersity points x orientation points", () => {
    const schema = t.server.schema;
    const document = parse(`query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { parameters } }`);
    const cost = (model: string, points: number, pd: number) =>
      queryCost(schema, document, { input: { model, q: { min: 0.001, max: 0.5, points }, parameters: pd > 1 ? { radius_pd: 0.1, radius_pd_n: pd } : {} } });
    // No arrays selected: the cost is 1 + ceil(work / WORK_PER_COST), work = q x pd x orientation.
    expect(cost("sphere", 10_000, 1)).toBe(1 + Math.ceil(10_000 / WORK_PER_COST));
    expect(cost("sphere", 20_000, 1)).toBe(1 + Math.ceil(20_000 / WORK_PER_COST));
    expect(cost("sphere", 10_000, 30)).toBe(1 + Math.ceil((10_000 * 30) / WORK_PER_COST));
    // Orientation points follow q_max x size (the quadrature's own order), at least 10 per angle.
    const nodes = (model: string, qMax: number) => evaluationWork(model, {}, Float64Array.from([0.001, qMax])).orientationPoints;
    expect(nodes("cylinder", 0.5)).toBeGreaterThan(nodes("cylinder", 0.01));
    expect(nodes("parallelepiped", 0.5)).toBeGreaterThanOrEqual(100);
    expect(cost("cylinder", 10_000, 30)).toBe(1 + Math.ceil((10_000 * 30 * nodes("cylinder", 0.5)) / WORK_PER_COST));
    expect(cost("parallelepiped", 1000, 1)).toBe(1 + Math.ceil((1000 * nodes("parallelepiped", 0.5)) / WORK_PER_COST));
    // Answer size adds its share: two arrays of 10 000 numbers.
    const withArrays = parse(`query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { q intensity } }`);
    expect(queryCost(schema, withArrays, { input: { model: "sphere", q: { min: 0.001, max: 0.5, points: 10_000 } } })).toBe(
      1 + Math.ceil(10_000 / WORK_PER_COST) + Math.ceil(20_000 / VALUES_PER_COST),
    );
  });

  it("prices provenance by the nodes its depth can reach, and datasetSvd by its size", async () => {
    const schema = t.server.schema;
    const at = (depth: number) => queryCost(schema, parse(`{ provenance(id: "x", depth: ${depth}) { nodes { id label } edges { id } } }`), {});
    expect(at(10)).toBeGreaterThan(at(1) * 5);
    expect(provenanceNodes(10)).toBe(500);
    // Each costs 1 + 10 x depth + 500 nodes x 3: forty are over the default limit of 50 000.
    const aliases = Array.from({ length: 40 }, (_, i) => `p${i}: provenance(id: "x", depth: 10) { nodes { id label } }`).join("\n");
    const refused = await t.gql(`{ ${aliases} }`);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
    const one = await t.gql(`{ provenance(id: "x", depth: 10) { nodes { id } } }`);
    expect(one.errors?.[0].extensions?.code).not.toBe("QUERY_TOO_COSTLY");

    const svd = Array.from({ length: 20 }, (_, i) => `s${i}: datasetSvd(datasetId: "x") { singularValues }`).join("\n");
    const svdRefused = await t.gql(`{ ${svd} }`);
    expect(svdRefused.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
    const svdOne = await t.gql(`{ datasetSvd(datasetId: "x") { singularValues } }`);
    expect(svdOne.errors?.[0].extensions?.code).not.toBe("QUERY_TOO_COSTLY");
  });

  it("the remembered cost follows computeIntensity's input variables", async () => {
    const small = { model: "sphere", q: { min: 0.01, max: 0.3, points: 50 } };
    for (let i = 0; i < 2; i++) {
      expect(
        (
          await t.gql(
            `query($input: ComputeIntensityInput!) { a: computeIntensity(input: $input) { intensity } b: computeIntensity(input: $input) { intensity } }`,
            { input: small },
          )
        ).errors,
      ).toBeUndefined();
      const heavy = await t.gql(
        `query($input: ComputeIntensityInput!) { a: computeIntensity(input: $input) { intensity } b: computeIntensity(input: $input) { intensity } }`,
        { input: { ...big, resolution: 0.05 } },
      );
      expect(heavy.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
    }
  });
});
