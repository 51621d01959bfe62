import { pinholeResolution, pinholeWork } from "../../../src/compute/sas/resolution";
import { pinholeResolution as scanned } from "./pinhole-scan-reference";

describe("pinhole smear with bisected windows", () => {
  it("equals the row-scanning smear bit for bit on random grids and widths", () => {
    let seed = 12345;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + Math.floor(random() * 400);
      const q = Float64Array.from({ length: n }, () => 0.001 + random() * (trial % 2 ? 0.5 : 0.05));
      // Sorted grids (as qGrid gives) take the path without a sort; measured q may come in any order.
      if (trial % 4 < 2) q.sort();
      // dq 0 (floored), narrow and wider than q itself (windows reaching below the cut-off).
      const dq = Float64Array.from(q, (v) => (trial % 3 === 0 ? 0 : v * random() * (trial % 5 === 0 ? 2 : 0.2)));
      const fast = pinholeResolution(q, dq);
      const reference = scanned(q, dq);
      expect(Array.from(fast.qCalc)).toEqual(Array.from(reference.qCalc));
      const theory = Float64Array.from(fast.qCalc, (v) => Math.sin(v * 100) + 2);
      const a = fast.apply(theory);
      const b = reference.apply(theory);
      for (let i = 0; i < n; i++) expect(Object.is(a[i], b[i])).toBe(true);
    }
  });

  it("pinholeWork counts the model points and the weights the smear holds", () => {
    const q = Float64Array.from({ length: 200 }, (_, i) => 0.01 + i * 0.001);
    const dq = Float64Array.from(q, (v) => 0.05 * v);
    const work = pinholeWork(q, dq);
    const smear = pinholeResolution(q, dq);
    expect(work.calcPoints).toBe(smear.qCalc.length);
    // Counted directly: calc points inside each output point's window [q²/(q + 2.5 dq), q + 2.5 dq].
    let weights = 0;
    for (let i = 0; i < q.length; i++) {
      const hi = q[i] + 2.5 * dq[i];
      const lo = (q[i] * q[i]) / hi;
      for (const v of smear.qCalc) if (v >= lo && v <= hi) weights++;
    }
    expect(work.weights).toBe(weights);
  });
});
