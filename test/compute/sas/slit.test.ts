/**
 * Slit smearing against independent truths: closed forms of the slit integral for I = exp(-a q²)
 * (a Guinier curve), for which ∫_0^l exp(-a (q² + u²)) du = exp(-a q²) √(π/a) erf(l √a) / 2, and a
 * brute-force midpoint double integral for a sphere, whose oscillations a long slit must resolve;
 * then the model library's path (evaluate with resolution.slit) against the same.
 */
import { evaluate, smearSlit } from "../../../src/compute/sas";
import { erf } from "../../../src/compute/sas/numerics/erf";

const q = Float64Array.from([0.001, 0.003, 0.01, 0.02, 0.05]);
const gauss = (a: number) => (x: Float64Array) => [x.map((v) => Math.exp(-a * v * v))];
const constant = (v: number) => new Float64Array(q.length).fill(v);

test("length only: the Gaussian's slit integral in closed form, to 1e-12", () => {
  const a = 2e4; // Rg² / 3 for Rg ≈ 245 Å
  const l = 0.02;
  const [I] = smearSlit(q, { length: constant(l), width: constant(0) }, gauss(a));
  q.forEach((qi, i) => {
    const exact = (Math.exp(-a * qi * qi) * Math.sqrt(Math.PI / a) * erf(l * Math.sqrt(a))) / (2 * l);
    expect(Math.abs(I[i] - exact) / exact).toBeLessThan(1e-12);
  });
});

test("width only: 1/(2w) ∫ exp(-a (q+v)²) dv in closed form, across the kink at q + v = 0", () => {
  // a small enough that the closed form's erf difference does not cancel (erf is good to ~1e-15 absolute).
  const a = 1e3;
  const w = 0.015; // wider than the first q values: the kink at v = -q lies inside
  const [I] = smearSlit(q, { length: constant(0), width: constant(w) }, gauss(a));
  q.forEach((qi, i) => {
    const s = Math.sqrt(a);
    const exact = ((Math.sqrt(Math.PI) / (2 * s)) * (erf(s * (qi + w)) - erf(s * (qi - w)))) / (2 * w);
    expect(Math.abs(I[i] - exact) / exact).toBeLessThan(1e-12);
  });
});

test("length and width: the product of the two closed forms' integrands, to 1e-11", () => {
  const a = 1e3;
  const l = 0.03;
  const w = 0.004;
  const [I] = smearSlit(q, { length: constant(l), width: constant(w) }, gauss(a));
  const s = Math.sqrt(a);
  q.forEach((qi, i) => {
    const along = (Math.sqrt(Math.PI) / (2 * s)) * (erf(s * (qi + w)) - erf(s * (qi - w)));
    const across = (Math.sqrt(Math.PI) / (2 * s)) * erf(l * s);
    const exact = (along * across) / (2 * w * l);
    expect(Math.abs(I[i] - exact) / exact).toBeLessThan(1e-11);
  });
});

test("a sphere under a long USANS slit, through evaluate, matches a brute-force integral to 1e-8", () => {
  const params = { radius: 2000, sld: 4, sld_solvent: 1, background: 0 };
  const l = 0.05; // 0.05/Å across a 2000 Å sphere: about 30 oscillations under the slit
  const qs = Float64Array.from([2e-5, 1e-4, 5e-4, 2e-3]);
  const smeared = evaluate("sphere", params, qs, { resolution: { slit: { length: new Float64Array(4).fill(l), width: new Float64Array(4) } } }).I;
  // Midpoint rule on 400 000 points of u: error ~ (h²/24) max|I''| l, far below the bound asserted.
  const n = 400_000;
  qs.forEach((qi, i) => {
    const at = Float64Array.from({ length: n }, (_, k) => Math.sqrt(qi * qi + (((k + 0.5) * l) / n) ** 2));
    const I = evaluate("sphere", params, at).I;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += I[k];
    const reference = sum / n;
    expect(Math.abs(smeared[i] - reference) / reference).toBeLessThan(1e-8);
  });
});

test("zero length and width leave the curve as it is; bad slits are refused naming the field", () => {
  const I = evaluate("sphere", {}, q).I;
  expect(Array.from(evaluate("sphere", {}, q, { resolution: { slit: { length: constant(0), width: constant(0) } } }).I)).toEqual(Array.from(I));
  expect(() => evaluate("sphere", {}, q, { resolution: { slit: { length: constant(-1), width: constant(0) } } })).toThrow(/resolution.slit.length\[0\]/);
  expect(() => evaluate("sphere", {}, q, { resolution: { slit: { length: new Float64Array(2), width: constant(0) } } })).toThrow(/one value per q/);
});
