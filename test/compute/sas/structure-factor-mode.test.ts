/**
 * sasmodels' own names for the P@S options, `structure_factor_mode` (0 = P·S, 1 = beta) and
 * `radius_effective_mode`, given as parameters, agree with EvaluateOptions.structureFactorMode; a
 * contradiction between the two is an input error naming the parameter.
 */
import { evaluate, SasInputError } from "../../../src/compute/sas";

const q = Float64Array.of(0.001, 0.01, 0.05, 0.1);
const PARAMS = { scale: 1, background: 0, radius: 50, radius_pd: 0.2, radius_pd_n: 35, radius_pd_nsigma: 3, volfraction: 0.2, radius_effective_mode: 1 };

// sasmodels 1.0.6 (Debian python3-sasmodels), load_model("sphere@hardsphere", dtype="double",
// platform="dll"), call_kernel on these q with PARAMS and structure_factor_mode 0 / 1; computed once
// for this test on 2026-12-03.
const SASMODELS_PLAIN = [80.97492928663472, 80.80270186480553, 54.92640430379623, 1.7126737422514908];
const SASMODELS_BETA = [155.9690009328244, 147.07964102354043, 54.89782422093423, 1.8016915844678951];

function expectClose(actual: Float64Array, expected: number[], rtol: number): void {
  expected.forEach((e, i) => expect(Math.abs(actual[i] / e - 1)).toBeLessThan(rtol));
}

function inputError(run: () => unknown): SasInputError {
  try {
    run();
  } catch (err) {
    if (err instanceof SasInputError) return err;
    throw err;
  }
  throw new Error("expected a SasInputError");
}

describe("structure_factor_mode as a parameter", () => {
  test("1 is the beta approximation: the same curve as structureFactorMode beta, and sasmodels' value", () => {
    const byParameter = evaluate("sphere@hardsphere", { ...PARAMS, structure_factor_mode: 1 }, q).I;
    const byOption = evaluate("sphere@hardsphere", PARAMS, q, { structureFactorMode: "beta" }).I;
    expect(Array.from(byParameter)).toEqual(Array.from(byOption));
    expectClose(byParameter, SASMODELS_BETA, 1e-8);
    // and not the plain product (55 % apart at low q here)
    expect(byParameter[0] / SASMODELS_PLAIN[0]).toBeGreaterThan(1.5);
  });

  test("0, or neither given, is the plain product P·S", () => {
    const byParameter = evaluate("sphere@hardsphere", { ...PARAMS, structure_factor_mode: 0 }, q).I;
    expect(Array.from(byParameter)).toEqual(Array.from(evaluate("sphere@hardsphere", PARAMS, q, { structureFactorMode: "plain" }).I));
    expect(Array.from(byParameter)).toEqual(Array.from(evaluate("sphere@hardsphere", PARAMS, q).I));
    expectClose(byParameter, SASMODELS_PLAIN, 1e-8);
  });

  test("both given and agreeing is fine", () => {
    const both = evaluate("sphere@hardsphere", { ...PARAMS, structure_factor_mode: 1 }, q, { structureFactorMode: "beta" }).I;
    expectClose(both, SASMODELS_BETA, 1e-8);
  });

  test.each([
    [1, "plain"],
    [0, "beta"],
  ] as const)("structure_factor_mode %p with structureFactorMode %p is refused, naming the parameter", (mode, option) => {
    const err = inputError(() => evaluate("sphere@hardsphere", { ...PARAMS, structure_factor_mode: mode }, q, { structureFactorMode: option }));
    expect(err.field).toBe("structure_factor_mode");
    expect(err.message).toMatch(/structure_factor_mode/);
    expect(err.message).toMatch(/structureFactorMode/);
  });

  test.each([2, 0.5, -1])("structure_factor_mode %p is refused", (mode) => {
    expect(inputError(() => evaluate("sphere@hardsphere", { ...PARAMS, structure_factor_mode: mode }, q)).field).toBe("structure_factor_mode");
  });

  test("radius_effective_mode is read as a parameter: 0 uses radius_effective, 1 the form's radius", () => {
    const fixed = evaluate("sphere@hardsphere", { ...PARAMS, radius_effective_mode: 0, radius_effective: 80 }, q).I;
    const fromForm = evaluate("sphere@hardsphere", { ...PARAMS, radius_effective_mode: 1, radius_effective: 80 }, q).I;
    expect(Math.abs(fixed[1] / fromForm[1] - 1)).toBeGreaterThan(1e-3);
    expect(inputError(() => evaluate("sphere@hardsphere", { ...PARAMS, radius_effective_mode: 1.5 }, q)).field).toBe("radius_effective_mode");
  });
});
