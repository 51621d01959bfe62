/**
 * One random parameter set of a model expression from its model files' own samplers (each
 * definition's random(), sasmodels' random() laws): "sphere" draws the sphere's, "sphere@hardsphere"
 * the sphere's and then the structure factor's under the names evaluate() accepts (a clashing S name
 * carries "_S"). The product's S radius is left out: the product couples it to the particle
 * (radius_effective_mode 1), which a drawn radius_effective would switch off.
 */
import type { RandomSource } from "./noise";
import { compileExpression } from "./registry";

export function randomParameters(expression: string, rng: RandomSource): Record<string, number> {
  const compiled = compileExpression(expression);
  const out = compiled.form.random(rng);
  if (!compiled.structure) return out;
  const drawn = compiled.structure.random(rng);
  for (const p of compiled.structureParameters) {
    if (p.spec.name === "radius_effective") continue;
    const v = drawn[p.spec.name];
    if (v !== undefined) out[p.key] = v;
  }
  return out;
}
