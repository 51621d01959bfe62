/**
 * computeIntensity2D through GraphQL: a detector grid answered bit for bit as evaluate2D computes it
 * (on the compute pool when big), priced by its work before it runs, and bad grids refused with the
 * field named.
 */
import { evaluate2D } from "../../src/compute/sas";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

const QUERY = `query($input: ComputeIntensity2DInput!) { computeIntensity2D(input: $input) { qx qy qUnit shape intensity parameters } }`;
const axis = (n: number, max: number) => Array.from({ length: n }, (_, i) => -max + ((i + 0.5) * 2 * max) / n);

interface Answer {
  computeIntensity2D: { qx: number[]; qy: number[]; qUnit: string; shape: number[]; intensity: number[]; parameters: Record<string, unknown> };
}

test("an oriented, jittered cylinder on a 144 x 256 detector is evaluate2D's pattern, computed off the event loop", async () => {
  const qx = axis(256, 0.2);
  const qy = axis(144, 0.12);
  const parameters = { theta: 60, phi: 30, theta_pd: 10, theta_pd_n: 5, phi_pd: 10, phi_pd_n: 5, background: 0.001 };
  const run = jest.spyOn(t.services.heavy.pool, "run");
  const r = await t.gql<Answer>(QUERY, { input: { model: "cylinder", parameters, qx, qy } });
  const offloaded = run.mock.calls.some(([kind]) => kind === "intensity2d");
  run.mockRestore();
  expect(r.errors).toBeUndefined();
  expect(offloaded).toBe(true);
  const out = r.data!.computeIntensity2D;
  expect(out.shape).toEqual([144, 256]);
  expect(out.qUnit).toBe("INV_ANGSTROM");
  expect(out.parameters).toMatchObject({ radius: 20, length: 400, theta: 60 });
  expect(out.intensity).toEqual(Array.from(evaluate2D("cylinder", parameters, Float64Array.from(qx), Float64Array.from(qy)).I));
});

test("axes in 1/nm give the same pattern as in 1/Å", async () => {
  const qx = [0.011, 0.05, 0.09];
  const qy = [-0.03, 0.04];
  const inA = await t.gql<Answer>(QUERY, { input: { model: "ellipsoid", parameters: { theta: 40, phi: 10 }, qx, qy } });
  const inNm = await t.gql<Answer>(QUERY, {
    input: { model: "ellipsoid", parameters: { theta: 40, phi: 10 }, qx: qx.map((v) => v * 10), qy: qy.map((v) => v * 10), unit: "INV_NM" },
  });
  expect(inNm.errors).toBeUndefined();
  inNm.data!.computeIntensity2D.intensity.forEach((v, i) => expect(v / inA.data!.computeIntensity2D.intensity[i]).toBeCloseTo(1, 12));
});

test.each([
  ["an empty axis", { model: "cylinder", qx: [], qy: [0.1] }, "qx"],
  ["the direct beam", { model: "cylinder", qx: [0, 0.1], qy: [0] }, "qx"],
  ["reduced units", { model: "cylinder", qx: [0.1], qy: [0.1], unit: "REDUCED" }, "unit"],
  ["an unknown parameter", { model: "cylinder", qx: [0.1], qy: [0.1], parameters: { psi: 3 } }, "parameters.psi"],
  ["an out-of-range jitter", { model: "cylinder", qx: [0.1], qy: [0.1], parameters: { theta_pd: -2 } }, "parameters.theta_pd"],
  ["an unknown model", { model: "cylindre", qx: [0.1], qy: [0.1] }, "model"],
  ["too many pixels", { model: "sphere", qx: axis(400, 0.1), qy: axis(400, 0.1) }, "qx"],
])("%s is BAD_USER_INPUT naming the field", async (_what, input, field) => {
  const r = await t.gql(QUERY, { input });
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(r.errors?.[0].extensions?.field).toBe(field);
  expect(r.errors?.[0].message.length).toBeGreaterThan(10);
});

test("twenty aliases of a heavily jittered detector are refused by cost before any work", async () => {
  const input = { model: "parallelepiped", qx: axis(256, 0.2), qy: axis(144, 0.1), parameters: { theta_pd: 10, phi_pd: 10, psi_pd: 10 } };
  const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: computeIntensity2D(input: $input) { shape }`).join("\n");
  const run = jest.spyOn(t.services.heavy.pool, "run");
  const r = await t.gql(`query($input: ComputeIntensity2DInput!) { ${aliases} }`, { input });
  const calls = run.mock.calls.length;
  run.mockRestore();
  expect(r.status).toBe(400);
  expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
  expect(calls).toBe(0);
});

test("pinhole resolution: relative dq/q or per-pixel widths give evaluate2D's smeared pattern; widths in 1/nm are converted", async () => {
  const qx = [-0.08, 0.02, 0.11];
  const qy = [-0.05, 0.07];
  const parameters = { theta: 50, phi: 20, background: 0 };
  const q = qy.flatMap((y) => qx.map((x) => Math.hypot(x, y)));
  const smeared = (dqParallel: number[], dqPerpendicular: number[], accuracy: "low" | "high") =>
    Array.from(
      evaluate2D("cylinder", parameters, Float64Array.from(qx), Float64Array.from(qy), {
        resolution: { dqParallel: Float64Array.from(dqParallel), dqPerpendicular: Float64Array.from(dqPerpendicular), accuracy },
      }).I,
    );
  const relative = await t.gql<Answer>(QUERY, { input: { model: "cylinder", parameters, qx, qy, resolution: { relative: 0.1 } } });
  expect(relative.errors).toBeUndefined();
  const wanted = smeared(
    q.map((v) => 0.1 * v),
    q.map((v) => 0.1 * v),
    "low",
  );
  relative.data!.computeIntensity2D.intensity.forEach((v, i) => expect(v).toBeCloseTo(wanted[i], 12));
  const plain = evaluate2D("cylinder", parameters, Float64Array.from(qx), Float64Array.from(qy)).I;
  expect(Math.max(...wanted.map((v, i) => Math.abs(v / plain[i] - 1)))).toBeGreaterThan(0.01);

  const perPixel = q.map((v) => 0.002 + 0.05 * v);
  const inNm = await t.gql<Answer>(QUERY, {
    input: {
      model: "cylinder",
      parameters,
      qx: qx.map((v) => 10 * v),
      qy: qy.map((v) => 10 * v),
      unit: "INV_NM",
      resolution: { dqParallel: perPixel.map((v) => 10 * v), dqPerpendicular: [0.03], accuracy: "HIGH" },
    },
  });
  expect(inNm.errors).toBeUndefined();
  const wantedNm = smeared(perPixel, new Array<number>(6).fill(0.003), "high");
  inNm.data!.computeIntensity2D.intensity.forEach((v, i) => expect(v / wantedNm[i]).toBeCloseTo(1, 10));
});

test.each([
  ["relative and widths both", { relative: 0.05, dqParallel: [0.01], dqPerpendicular: [0.01] }, "resolution"],
  ["neither", {}, "resolution"],
  ["one width list alone", { dqParallel: [0.01] }, "resolution"],
  ["a width list of the wrong length", { dqParallel: [0.01, 0.02], dqPerpendicular: [0.01] }, "resolution.dqParallel"],
  ["a negative width", { dqParallel: [0.01], dqPerpendicular: [-0.01] }, "resolution.dqPerpendicular"],
  ["a NaN-like relative width", { relative: -1 }, "resolution.relative"],
])("resolution with %s is BAD_USER_INPUT naming the field", async (_what, resolution, field) => {
  const r = await t.gql(QUERY, { input: { model: "cylinder", qx: [0.05, 0.1, 0.2], qy: [0.1], resolution } });
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(r.errors?.[0].extensions?.field).toBe(field);
});
