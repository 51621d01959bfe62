import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { particlesCommand } from "../../src/cli/commands/particles";
import { main, usage } from "../../src/cli/main";
import { evaluate } from "../../src/compute/sas";

/** Runs `sasgraph particles ...` in-process; returns what it wrote to stdout and its exit code. */
async function particles(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    return { code: await particlesCommand.run(argv), stdout };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

interface Csv {
  meta: Record<string, string>;
  header: string[];
  rows: number[][];
}

function parseCsv(text: string): Csv {
  const meta: Record<string, string> = {};
  const lines = text.trimEnd().split("\n");
  let i = 0;
  for (; lines[i].startsWith("# "); i++) {
    const colon = lines[i].indexOf(": ");
    meta[lines[i].slice(2, colon)] = lines[i].slice(colon + 2);
  }
  return { meta, header: lines[i].split(","), rows: lines.slice(i + 1).map((l) => l.split(",").map(Number)) };
}

/** Normalised amplitude of a sphere of diameter 1: P(Q) = f(Q/2)^2, P(0) = 1. */
const amplitude = (x: number) => (3 * (Math.sin(x) - x * Math.cos(x))) / x ** 3;
const carnahanStarling = (e: number) => (1 + e + e * e - e ** 3) / (1 - e) ** 3;

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-particles-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("sasgraph particles", () => {
  it("is registered: listed by usage(), --help exits 0", async () => {
    expect(usage()).toMatch(/\n {2}particles +run a particle simulation locally/);
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(await main(["particles", "--help"])).toBe(0);
      expect(log.mock.calls[0][0]).toMatch(/^usage: sasgraph particles hardspheres/);
      expect(await main(["particles"])).toBe(2);
    } finally {
      log.mockRestore();
    }
  });
});

describe("sasgraph particles hardspheres", () => {
  const args = [
    "hardspheres",
    "--distribution",
    "uniform",
    "--sigma",
    "0",
    "--eta",
    "0.2",
    "--n",
    "500",
    "--configurations",
    "2",
    "--q",
    "3:13:20",
    "--threads",
    "1",
  ];
  let csv: Csv;

  beforeAll(async () => {
    const out = path.join(dir, "hs.csv");
    expect((await particles(...args, "--out", out)).code).toBe(0);
    csv = parseCsv(fs.readFileSync(out, "utf8"));
  });

  it("writes the state point as # lines, betaP/rho within 10 % of Carnahan-Starling", () => {
    expect(csv.meta).toMatchObject({
      distribution: "uniform",
      sigma: "0",
      "diameter sampling": "stratified",
      N: "500",
      configurations: "2",
      estimator: "paper",
      seed: "0",
    });
    expect(Number(csv.meta.eta)).toBeCloseTo(0.2, 12);
    expect(Number(csv.meta.events)).toBeGreaterThan(0);
    expect(Math.abs(Number(csv.meta["betaP/rho"]) / carnahanStarling(0.2) - 1)).toBeLessThan(0.1);
  });

  it("has Q,I,dI on the uniform grid 3:13:20 with I > 0", () => {
    expect(csv.header).toEqual(["Q", "I", "dI"]);
    expect(csv.rows).toHaveLength(20);
    csv.rows.forEach(([q, intensity, error], k) => {
      expect(q).toBeCloseTo(3 + (10 * k) / 19, 12);
      expect(intensity).toBeGreaterThan(0);
      expect(error).toBeGreaterThanOrEqual(0);
    });
  });

  it("I(Q) of the monodisperse fluid is P(Q) S(Q) with Percus-Yevick S (sasmodels hardsphere) within 12 % for Q >= 4", () => {
    // Residual: PY vs. the exact fluid, and the 'paper' estimator's smearing over 2 pi / L ~ 0.6 at N = 500.
    const q = Float64Array.from(csv.rows, (r) => r[0]);
    const structure = evaluate("hardsphere", { radius_effective: 0.5, volfraction: 0.2 }, q).I;
    csv.rows.forEach(([Q, intensity], k) => {
      if (Q >= 4) expect(Math.abs(intensity / (amplitude(Q / 2) ** 2 * structure[k]) - 1)).toBeLessThan(0.12);
    });
  });

  it("--format json to stdout carries the same numbers and metadata (same seed)", async () => {
    const { code, stdout } = await particles(...args, "--format", "json");
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown> & { q: number[]; intensity: number[]; intensityError: number[] };
    expect(json).toMatchObject({ simulation: "hardspheres", distribution: "uniform", sigma: 0, n: 500, configurations: 2, estimator: "paper", seed: 0 });
    expect(json.compressibilityFactor).toBe(Number(csv.meta["betaP/rho"]));
    expect(json.q).toEqual(csv.rows.map((r) => r[0]));
    expect(json.intensity).toEqual(csv.rows.map((r) => r[1]));
    expect(json.intensityError).toEqual(csv.rows.map((r) => r[2]));
  });

  it.each([
    ["--eta", ["--distribution", "normal", "--sigma", "0.1", "--eta", "NaN"], /^--eta must be a number in \(0, 0\.55\], not "NaN"$/],
    ["--eta", ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.6"], /^--eta must be a number in \(0, 0\.55\]/],
    [
      "--distribution",
      ["--distribution", "gamma", "--sigma", "0.1", "--eta", "0.3"],
      /^--distribution must be one of uniform, normal, lognormal, not "gamma"$/,
    ],
    ["--sigma", ["--distribution", "normal", "--eta", "0.3"], /^--sigma is required/],
    ["--sigma", ["--distribution", "lognormal", "--sigma", "0.6", "--eta", "0.3"], /^--sigma 0.6 must be in \[0, 0\.5\] for lognormal diameters/],
    ["--n", ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--n", "many"], /^--n must be an integer >= 2, not "many"$/],
    [
      "--configurations",
      ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--configurations", "0"],
      /^--configurations must be an integer >= 1, not "0"$/,
    ],
    [
      "--estimator",
      ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--estimator", "exact"],
      /^--estimator must be one of paper, commensurate, not "exact"$/,
    ],
    ["--q", ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--q", "13:3:10"], /^--q must be min:max:count/],
    ["--format", ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--format", "xml"], /^--format must be csv or json/],
    [
      "--method",
      ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--method", "lammps"],
      /^--method must be one of event-chain, paper-md, not "lammps"$/,
    ],
    ["--dt", ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--dt", "0.001"], /^--dt is a setting of --method paper-md$/],
    [
      "--diameter-sampling",
      ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--diameter-sampling", "sobol"],
      /^--diameter-sampling must be one of stratified, independent, not "sobol"$/,
    ],
    [
      "--dt",
      ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--method", "paper-md", "--dt", "0.1"],
      /^--dt must be a number in \(0, 0\.01\], not "0.1"$/,
    ],
    [
      "--realisations",
      ["--distribution", "normal", "--sigma", "0.1", "--eta", "0.3", "--realisations", "5"],
      /^--realisations is not an option of 'sasgraph particles hardspheres'/,
    ],
  ])("rejects a bad %s before simulating", async (_option, bad, message) => {
    await expect(particles("hardspheres", ...bad)).rejects.toThrow(message);
  });

  it("--diameter-sampling independent draws each diameter on its own and says so", async () => {
    const small = [
      "hardspheres",
      "--distribution",
      "lognormal",
      "--sigma",
      "0.1",
      "--eta",
      "0.1",
      "--n",
      "200",
      "--configurations",
      "1",
      "--q",
      "3:13:3",
      "--threads",
      "1",
    ];
    const { code, stdout } = await particles(...small, "--diameter-sampling", "independent", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ diameterSampling: "independent", distribution: "lognormal", n: 200 });
  });

  it("--method paper-md runs the authors' MD protocol and says so: time step, steps, kinetic T", async () => {
    const md = [
      "hardspheres",
      "--distribution",
      "uniform",
      "--sigma",
      "0",
      "--eta",
      "0.2",
      "--n",
      "256",
      "--configurations",
      "2",
      "--q",
      "3:13:5",
      "--threads",
      "1",
    ];
    const { code, stdout } = await particles(...md, "--method", "paper-md", "--dt", "0.0005");
    expect(code).toBe(0);
    const out = parseCsv(stdout);
    expect(out.meta).toMatchObject({ method: "paper-md", "time step": "0.0005", "MD steps": String(20_000 + 2 * 4000) });
    expect(out.meta.simulation).toMatch(/authors' MD protocol/);
    expect(Math.abs(Number(out.meta["mean kinetic T"]) - 1)).toBeLessThan(0.1);
    expect(out.meta.events).toBeUndefined();
    expect(out.rows).toHaveLength(5);
  });
});

describe("sasgraph particles colloids", () => {
  /** The exact limit of test/compute/particles/colloids/simulate.test.ts: nothing moves. */
  const still = ["colloids", "--Rs", "0", "--D2", "0", "--gammaL", "0", "--q", "0.5:5:12", "--thetas", "13"];

  it("one realisation without rearrangement: g = I^2/I^2 = 1 exactly, dg undefined (NaN)", async () => {
    const { code, stdout } = await particles(...still, "--nL2", "120", "--realisations", "1", "--seed", "9");
    expect(code).toBe(0);
    const csv = parseCsv(stdout);
    expect(csv.header).toEqual(["theta", "g", "dg", "g_theory", "g_theory_finite_beam"]);
    expect(csv.rows).toHaveLength(13);
    for (const [, g, dg] of csv.rows) {
      expect(g).toBeCloseTo(1, 12);
      expect(dg).toBeNaN();
    }
  });

  it("no rearrangement: monodisperse speckle gives g(theta) ~ 2 - 1/N; eq. 5 gives 2, its finite-beam form 2 - 1/nL2", async () => {
    const { stdout } = await particles(...still, "--nL2", "100", "--realisations", "200", "--seed", "2");
    const csv = parseCsv(stdout);
    expect(csv.meta).toMatchObject({ nL2: "100", R_s: "0", D_2: "0", gammaL: "0", realisations: "200", seed: "2", "theta points": "13" });
    expect(csv.rows).toHaveLength(13);
    csv.rows.forEach(([theta, g, dg, theory, finite], j) => {
      expect(theta).toBeCloseTo((Math.PI * j) / 12, 12);
      expect(theory).toBeCloseTo(2, 12);
      expect(finite).toBeCloseTo(2 - 1 / 100, 12);
      expect(Math.abs(g - finite)).toBeLessThan(5 * dg);
    });
    const mean = csv.rows.reduce((s, r) => s + r[1], 0) / csv.rows.length;
    expect(Math.abs(mean - (2 - 1 / 100))).toBeLessThan(0.06);
    expect(csv.rows[12][1]).toBe(csv.rows[0][1]); // theta = 0 and pi are the same direction
  });

  it("--out FILE.json holds q, theta, g(q), g(theta), g(q, theta) consistent with each other and with eq. 5", async () => {
    const out = path.join(dir, "g.json");
    const spec = { nL2: 150, D2: 0.5, gammaL: 10 };
    await particles(
      "colloids",
      "--nL2",
      "150",
      "--Rs",
      "0",
      "--D2",
      "0.5",
      "--gammaL",
      "10",
      "--realisations",
      "240",
      "--seed",
      "3",
      "--q",
      "0.5:5:12",
      "--thetas",
      "13",
      "--out",
      out,
    );
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as {
      q: number[];
      theta: number[];
      gq: number[];
      gTheta: number[];
      gThetaStdErr: number[];
      gQTheta: number[][];
      gQThetaStdErr: number[][];
      theory: { gTheta: number[]; gQTheta: number[][] };
      theoryFiniteBeam: { gTheta: number[] };
    };
    expect(json.q).toHaveLength(12);
    expect(json.q[0]).toBeCloseTo(0.5, 12);
    expect(json.q[11]).toBeCloseTo(5, 12);
    for (let k = 1; k < 12; k++) expect(json.q[k] / json.q[k - 1]).toBeCloseTo(10 ** (1 / 11), 12);
    expect(json.theta[12]).toBeCloseTo(Math.PI, 12);
    expect(json.gQTheta).toHaveLength(12);
    expect(json.gQTheta.every((row) => row.length === 13)).toBe(true);
    expect(json.gQThetaStdErr.every((row) => row.length === 13)).toBe(true);
    // Profiles are the means of the grid: g(q) over theta, g(theta) over q.
    json.gQTheta.forEach((row, k) => expect(row.reduce((s, v) => s + v, 0) / 13).toBeCloseTo(json.gq[k], 12));
    json.theta.forEach((_, j) => expect(json.gQTheta.reduce((s, row) => s + row[j], 0) / 12).toBeCloseTo(json.gTheta[j], 12));
    // Eq. 5 written out: 1 + sinc^2(q gammaL cos(theta) / 2) exp(-q^2 D2^2).
    const sinc = (x: number) => (x === 0 ? 1 : Math.sin(x) / x);
    json.q.forEach((q, k) =>
      json.theta.forEach((t, j) => {
        const eq5 = 1 + sinc((q * spec.gammaL * Math.cos(t)) / 2) ** 2 * Math.exp(-q * q * spec.D2 * spec.D2);
        expect(json.theory.gQTheta[k][j]).toBeCloseTo(eq5, 10);
      }),
    );
    // The simulation agrees with eq. 5 within sampling noise plus the finite-beam bias.
    json.gTheta.forEach((g, j) => {
      const bias = Math.abs(json.theory.gTheta[j] - json.theoryFiniteBeam.gTheta[j]);
      expect(Math.abs(g - json.theory.gTheta[j])).toBeLessThan(5 * json.gThetaStdErr[j] + bias);
    });
  });

  it("--threads does not change the output: worker threads give the single-threaded bits", async () => {
    const args = [
      "colloids",
      "--nL2",
      "60",
      "--Rs",
      "0.1",
      "--D2",
      "0.5",
      "--gammaL",
      "10",
      "--realisations",
      "30",
      "--seed",
      "4",
      "--q",
      "0.5:5:6",
      "--thetas",
      "7",
      "--format",
      "json",
    ];
    const one = await particles(...args, "--threads", "1");
    const two = await particles(...args, "--threads", "2");
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it.each([
    ["--threads", ["--nL2", "100", "--Rs", "0", "--D2", "0", "--gammaL", "0", "--threads", "two"], /^--threads must be an integer >= 0, not "two"$/],
    [
      "--realisations",
      ["--nL2", "100", "--Rs", "0", "--D2", "0", "--gammaL", "0", "--realisations", "0"],
      /^--realisations must be a positive integer, got 0$/,
    ],
    ["--nL2", ["--nL2=-1", "--Rs", "0", "--D2", "0", "--gammaL", "0"], /^--nL2 must be positive, got -1$/],
    ["--Rs", ["--nL2", "100", "--Rs", "wide", "--D2", "0", "--gammaL", "0"], /^--Rs must be a number, not "wide"$/],
    ["--D2", ["--nL2", "100", "--Rs", "0", "--D2=-0.5", "--gammaL", "0"], /^--D2 must be >= 0, got -0.5$/],
    ["--gammaL", ["--nL2", "100", "--Rs", "0", "--D2", "0"], /^--gammaL is required/],
    ["--thetas", ["--nL2", "100", "--Rs", "0", "--D2", "0", "--gammaL", "0", "--thetas", "0"], /^--thetas must be a positive integer/],
    ["--eta", ["--nL2", "100", "--Rs", "0", "--D2", "0", "--gammaL", "0", "--eta", "0.3"], /^--eta is not an option of 'sasgraph particles colloids'/],
  ])("rejects a bad %s with a message naming it", async (_option, bad, message) => {
    await expect(particles("colloids", ...bad)).rejects.toThrow(message);
  });

  it("rejects an unknown simulation", async () => {
    await expect(particles("spheres")).rejects.toThrow(/^unknown simulation "spheres": use hardspheres or colloids/);
  });
});
