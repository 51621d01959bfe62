/**
 * A product's radius_effective_mode defaults to 1 as in sasmodels (S at the form's effective radius),
 * except when the caller gives radius_effective, which that mode would silently ignore.
 * Numbers: sasmodels 1.0.6, load_model("sphere@hardsphere", dtype="double") + call_kernel, SAS_OPENCL=none.
 */
import { evaluate, scatteringModelInfo } from "../../../src/compute/sas";

const q = Float64Array.of(0.02, 0.05, 0.1, 0.3);
const rel = (a: Float64Array, b: number[]) => Math.max(...b.map((v, i) => Math.abs(a[i] - v) / Math.abs(v)));

test("no mode given: S at the sphere's radius, as sasmodels' product default", () => {
  const I = evaluate("sphere@hardsphere", { radius: 40, volfraction: 0.3, background: 0 }, q).I;
  expect(rel(I, [20.21582367643742, 30.50462420059467, 1.483554445581431, 0.0696454435423957])).toBeLessThan(1e-9);
  expect(scatteringModelInfo("sphere@hardsphere").parameters.find((p) => p.name === "radius_effective_mode")?.default).toBe(1);
});

test("radius_effective given without a mode is used (mode 0), as sasmodels does with mode 0", () => {
  const I = evaluate("sphere@hardsphere", { radius: 40, volfraction: 0.3, background: 0, radius_effective: 60 }, q).I;
  expect(rel(I, [26.129505310680834, 123.92454566996231, 1.6673403439965448, 0.06875151949499307])).toBeLessThan(1e-9);
  const explicit = evaluate("sphere@hardsphere", { radius: 40, volfraction: 0.3, background: 0, radius_effective: 60, radius_effective_mode: 1 }, q).I;
  expect(rel(explicit, [20.21582367643742, 30.50462420059467, 1.483554445581431, 0.0696454435423957])).toBeLessThan(1e-9);
});
