/** Parameter positions come from the tables, and every sphere in src/compute shares one amplitude. */
import { INF, indexOf, param } from "../../../src/compute/sas/models/define";
import { MODEL_DEFINITIONS } from "../../../src/compute/sas/models";
import { sphereAmplitude } from "../../../src/compute/sas/numerics/spherical";
import { sphereAmplitude as colloidAmplitude } from "../../../src/compute/particles/colloids/sphere-amplitude";
import { normalisedSphereAmplitude } from "../../../src/compute/particles/hardspheres/sphere-amplitude";

describe("indexOf", () => {
  it("gives each name its row in the table", () => {
    const table = [
      param("sld", "", 1, [-INF, INF], "sld", ""),
      param("radius", "Ang", 50, [0, INF], "volume", ""),
      param("length", "Ang", 400, [0, INF], "volume", ""),
    ];
    expect(indexOf(table)).toEqual({ sld: 0, radius: 1, length: 2 });
  });

  it("refuses a table that names a parameter twice", () => {
    const table = [param("radius", "Ang", 50, [0, INF], "volume", ""), param("radius", "Ang", 60, [0, INF], "volume", "")];
    expect(() => indexOf(table)).toThrow(/radius/);
  });

  it("every registered table has unique names (else a kernel's by-name position would be ambiguous)", () => {
    for (const def of MODEL_DEFINITIONS) expect(new Set(def.parameters.map((p) => p.name)).size).toBe(def.parameters.length);
  });
});

describe("one sphere amplitude", () => {
  /** 3 j1(x)/x = Σ_k (-x²)^k · 3 (2k+2) / (2k+3)!, summed to 40 terms (exact to rounding for |x| < 3). */
  function seriesAmplitude(x: number): number {
    let sum = 0;
    let power = 1;
    let factorial = 6; // 3!
    for (let k = 0; k < 40; k++) {
      sum += (3 * (2 * k + 2) * power) / factorial;
      power *= -x * x;
      factorial *= (2 * k + 4) * (2 * k + 5);
    }
    return sum;
  }

  it("is the same function in the colloid and hard-sphere simulations", () => {
    expect(colloidAmplitude).toBe(sphereAmplitude);
    expect(normalisedSphereAmplitude).toBe(sphereAmplitude);
  });

  it("keeps full accuracy near 0, where the closed form cancels, and is even in x", () => {
    // below the 0.1 switch the series is exact to rounding; just above it the closed form's cancellation
    // costs about eps·3/x² (2e-14 at 0.1): the former copies switched at 0.01 and 0.05, which was worse
    for (const x of [1e-8, 1e-3, 0.02, 0.05, 0.0999]) expect(Math.abs(sphereAmplitude(x) - seriesAmplitude(x))).toBeLessThan(3e-16);
    for (const x of [0.1, 0.3, 1, 2.5]) expect(Math.abs(sphereAmplitude(x) - seriesAmplitude(x))).toBeLessThan(5e-14);
    for (const x of [1e-3, 0.0999, 0.1, 2.5, 40]) expect(sphereAmplitude(-x)).toBe(sphereAmplitude(x));
    expect(sphereAmplitude(0)).toBe(1);
  });
});
