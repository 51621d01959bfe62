import { buildTrainingProblem, TrainingProblemError, type TrainingCurve } from "../../src/training/problem";
import { mixedCurves, sphereCurves } from "./synthetic";

const curve = (id: string, q: number[], intensity: number[], parameters: Record<string, unknown>, datasetId = "d1"): TrainingCurve => ({
  id,
  datasetId,
  q,
  intensity,
  qUnit: "INV_ANGSTROM",
  intensityUnit: "1/cm",
  parameters,
});

describe("buildTrainingProblem", () => {
  test("curves on one grid keep it; LOG10 features are log10 I; targets and ranges come from the parameters", () => {
    const q = [0.01, 0.02, 0.04];
    const curves = [curve("a", q, [100, 10, 1], { radius: 10 }), curve("b", q, [1000, 100, 10], { radius: 30 }), curve("c", q, [50, 5, 0.5], { radius: 20 })];
    const p = buildTrainingProblem(curves, {
      targetKind: "parameters",
      targets: ["radius"],
      inputTransform: "LOG10",
      validationDatasetIds: [],
      seed: 1,
      validationFraction: 0.34,
    });
    expect(Array.from(p.qGrid)).toEqual(q);
    expect(p.features).toBe(3);
    expect(p.train.rows + p.validation.rows).toBe(3);
    expect(p.validation.rows).toBe(1); // round(3 * 0.34)
    expect(p.targets).toEqual([{ name: "radius", unit: "Å", space: "linear" }]);
    // Every row is log10 of its curve: find each by its target.
    const all = [p.train, p.validation].flatMap((e) =>
      Array.from({ length: e.rows }, (_, r) => ({ y: e.y[r], x: Array.from(e.x.subarray(r * 3, r * 3 + 3)) })),
    );
    const byRadius = Object.fromEntries(all.map((r) => [r.y, r.x]));
    expect(byRadius[10]).toEqual([2, 1, 0]);
    expect(byRadius[30]).toEqual([3, 2, 1]);
    expect(byRadius[20][0]).toBeCloseTo(Math.log10(50), 6);
    // The domain is the training rows' range.
    const trainRadii = Array.from(p.train.y);
    expect(p.ranges.radius).toEqual({ min: Math.min(...trainRadii), max: Math.max(...trainRadii) });
  });

  test("QUOTIENT is paper 001's ln of the quotient of I²: N-1 features 2 ln(I[n+1]/I[n])", () => {
    const q = [0.01, 0.02, 0.04];
    const curves = [curve("a", q, [100, 10, 4], { radius: 1 }), curve("b", q, [8, 4, 2], { radius: 2 })];
    const p = buildTrainingProblem(curves, { targetKind: "parameters", targets: ["radius"], inputTransform: "QUOTIENT", validationFraction: 0.5, seed: 3 });
    expect(p.features).toBe(2);
    expect(p.transform).toEqual({ kind: "quotient", variant: "log_quotient", squareIntensity: true });
    const rows = [p.train, p.validation].map((e) => ({ y: e.y[0], x: Array.from(e.x) }));
    const a = rows.find((r) => r.y === 1)!.x;
    expect(a[0]).toBeCloseTo(2 * Math.log(0.1), 6);
    expect(a[1]).toBeCloseTo(2 * Math.log(0.4), 6);
    const b = rows.find((r) => r.y === 2)!.x;
    expect(b[0]).toBeCloseTo(2 * Math.log(0.5), 6);
  });

  test("curves on different grids go onto the first curve's points in the common range, log-log (a power law stays exact)", () => {
    const q1 = [0.01, 0.02, 0.05, 0.1, 0.2];
    const q2 = [0.015, 0.03, 0.07, 0.15, 0.3];
    const law = (q: number[], a: number) => q.map((v) => a * v ** -4);
    const curves = [curve("a", q1, law(q1, 1), { radius: 1 }), curve("b", q2, law(q2, 2), { radius: 2 })];
    const p = buildTrainingProblem(curves, { targetKind: "parameters", targets: ["radius"], inputTransform: "LOG10", validationFraction: 0.5, seed: 1 });
    expect(Array.from(p.qGrid)).toEqual([0.02, 0.05, 0.1, 0.2]); // q1 inside [0.015, 0.2]
    const rows = [p.train, p.validation].map((e) => ({ y: e.y[0], x: Array.from(e.x) }));
    const b = rows.find((r) => r.y === 2)!.x;
    [0.02, 0.05, 0.1, 0.2].forEach((q, i) => expect(b[i]).toBeCloseTo(Math.log10(2 * q ** -4), 5)); // float32 features
  });

  test("classes: sorted labels from the class parameter; multi-task masks the parameters a class lacks", () => {
    const curves = mixedCurves(10, 4);
    const p = buildTrainingProblem(curves, { targetKind: "class_and_parameters", targets: ["model", "radius", "length"], inputTransform: "LOG10", seed: 2 });
    expect(p.classes).toEqual(["cylinder", "sphere"]);
    const { labels, mask, rows } = p.train;
    for (let r = 0; r < rows; r++) {
      expect(mask[r * 2]).toBe(1); // both classes have a radius
      expect(mask[r * 2 + 1]).toBe(labels[r] === 0 ? 1 : 0); // only cylinders have a length
    }
    expect(p.ranges.length.min).toBeGreaterThanOrEqual(100);
  });

  test("a seeded split: the same seed, the same validation rows; another seed, others", () => {
    const curves = sphereCurves(50, 1);
    const split = (seed: number) =>
      Array.from(buildTrainingProblem(curves, { targetKind: "parameters", targets: ["radius"], inputTransform: "LOG10", seed }).validation.y);
    expect(split(7)).toHaveLength(10);
    expect(split(7)).toEqual(split(7));
    expect(split(8)).not.toEqual(split(7));
  });

  test("validation datasets are the validation set", () => {
    const curves = [...sphereCurves(6, 1, 20, 80, "train"), ...sphereCurves(3, 2, 20, 80, "held")];
    const p = buildTrainingProblem(curves, { targetKind: "parameters", targets: ["radius"], inputTransform: "LOG10", validationDatasetIds: ["held"], seed: 1 });
    expect([p.train.rows, p.validation.rows]).toEqual([6, 3]);
  });

  test("radius spanning three decades is learnt in log10", () => {
    const q = [0.01, 0.02];
    const p = buildTrainingProblem([curve("a", q, [1, 1], { radius: 1 }), curve("b", q, [1, 1], { radius: 1000 }), curve("c", q, [1, 1], { radius: 10 })], {
      targetKind: "parameters",
      targets: ["radius"],
      inputTransform: "NONE",
      seed: 1,
    });
    expect(p.targets[0].space).toBe("log10");
    expect([...p.train.y, ...p.validation.y].sort()).toEqual([0, 1, 3]);
  });

  test("a parameter uniform on a linear range from near 0 stays linear, though it spans three decades", () => {
    const q = [0.01, 0.02];
    const pd = [0.0002, 0.05, 0.1, 0.15, 0.2, 0.25];
    const p = buildTrainingProblem(
      pd.map((v, i) => curve(`c${i}`, q, [1, 1], { radius_pd: v })),
      { targetKind: "parameters", targets: ["radius_pd"], inputTransform: "NONE", seed: 1 },
    );
    expect(p.targets[0].space).toBe("linear");
    expect([...p.train.y, ...p.validation.y].sort((a, b) => a - b)).toEqual(pd.map(Math.fround));
  });

  test("errors name the field and the curve", () => {
    const q = [0.01, 0.02];
    const ok = curve("a", q, [1, 2], { radius: 1 });
    const spec = { targetKind: "parameters" as const, targets: ["radius"], inputTransform: "LOG10" as const, seed: 1 };
    const error = (curves: TrainingCurve[], s = spec) => {
      try {
        buildTrainingProblem(curves, s);
      } catch (err) {
        expect(err).toBeInstanceOf(TrainingProblemError);
        return { field: (err as TrainingProblemError).field, message: (err as Error).message };
      }
      throw new Error("no error");
    };
    expect(error([ok, curve("b", q, [1, 2], { length: 3 })])).toEqual({
      field: "targets",
      message: 'curve b of dataset d1 has no numeric parameter "radius" (target radius)',
    });
    expect(error([ok, curve("b", q, [1, 0], { radius: 2 })]).message).toMatch(
      /curve b of dataset d1 has intensity 0 at q = 0.02: inputTransform LOG10 needs finite intensities > 0/,
    );
    expect(error([ok, curve("b", q, [1, NaN], { radius: 2 })]).field).toBe("inputTransform");
    expect(error([ok, curve("b", q, [1, NaN], { radius: 2 })], { ...spec, inputTransform: "NONE" as never }).message).toMatch(/intensities must be finite/);
    expect(error([ok]).message).toMatch(/at least 2 curves/);
    expect(error([ok, curve("b", q, [1, 2], { model: "x", radius: 2 })], { ...spec, targetKind: "class" as never, targets: ["model"] }).message).toMatch(
      /curve a of dataset d1 has no class label "model"/,
    );
  });
});
