import { correlationOnGrid, finiteBeamCorrelation, polarGrid, theoryCorrelation } from "../../../../src/compute/particles/colloids";

describe("eq. 5 and its finite-beam refinement", () => {
  it("no rearrangement: perfect speckle correlation g = 2", () => {
    for (const q of [0.5, 1, 5]) for (const theta of [0, 0.7, Math.PI / 2]) expect(theoryCorrelation(q, theta, { d2: 0, gammaL: 0 })).toBe(2);
  });

  it("along the shear gradient (theta = pi/2) only the non-affine part decorrelates", () => {
    for (const gammaL of [5, 30]) expect(theoryCorrelation(2, Math.PI / 2, { d2: 0.7, gammaL })).toBeCloseTo(1 + Math.exp(-4 * 0.49), 14);
  });

  it("along the flow (theta = 0) the shear gives sinc^2(q gammaL / 2)", () => {
    const t = (1.3 * 20) / 2;
    expect(theoryCorrelation(1.3, 0, { d2: 0, gammaL: 20 })).toBeCloseTo(1 + (Math.sin(t) / t) ** 2, 14);
  });

  it("finite-beam overlap factor equals a numerical quadrature of (1/L^2) int (L - |gamma y|) cos(q_x gamma y) dy", () => {
    const L = 800;
    for (const [q, theta, gammaL] of [
      [0.5, 0.3, 30],
      [2.1, 1.2, 12],
      [4.9, 0.05, 100],
    ]) {
      const gamma = gammaL / L;
      const qx = q * Math.cos(theta);
      const steps = 20000; // Simpson's rule on [-L/2, L/2]
      const h = L / steps;
      let integral = 0;
      for (let s = 0; s <= steps; s++) {
        const y = -L / 2 + s * h;
        const weight = s === 0 || s === steps ? 1 : s % 2 === 1 ? 4 : 2;
        integral += weight * (L - Math.abs(gamma * y)) * Math.cos(qx * gamma * y);
      }
      const overlap = (integral * h) / 3 / (L * L);
      const nL2 = 1e12; // removes the 1/N term
      const expected = 1 + overlap * overlap * (1 - 1 / ((1 - gamma / 4) * nL2));
      expect(finiteBeamCorrelation(q, theta, { d2: 0, gammaL, nL2, beamSide: L })).toBeCloseTo(expected, 10);
    }
  });

  it("finite-beam result tends to eq. 5 for an infinite beam and particle number", () => {
    const exact = theoryCorrelation(1.1, 0.4, { d2: 0.3, gammaL: 25 });
    expect(finiteBeamCorrelation(1.1, 0.4, { d2: 0.3, gammaL: 25, nL2: 1e15, beamSide: 1e12 })).toBeCloseTo(exact, 10);
  });

  it("grid profiles are plain means over the measured points", () => {
    const grid = polarGrid(0.5, 5, 4, 3);
    const map = correlationOnGrid(grid, (q, theta) => q + theta);
    expect(map.gq[2]).toBeCloseTo(grid.q[2] + Math.PI / 2, 14);
    expect(map.gTheta[1]).toBeCloseTo((grid.q[0] + grid.q[1] + grid.q[2] + grid.q[3]) / 4 + Math.PI / 2, 14);
  });
});
