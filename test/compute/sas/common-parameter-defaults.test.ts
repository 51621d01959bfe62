/**
 * scale and background defaults as sasmodels sets them (modelinfo: structure factors get their own
 * copy of the common parameters with background 0): a structure factor alone is S(q) itself.
 */
import { evaluate, listScatteringModels, parameterDefaults } from "../../../src/compute/sas";

test("structure factors default to background 0, every other model to 0.001 1/cm", () => {
  for (const m of listScatteringModels()) {
    expect([m.name, parameterDefaults(m.name).background]).toEqual([m.name, m.isStructureFactor ? 0 : 0.001]);
  }
});

test("hardsphere alone tends to S(0) of Percus-Yevick, (1 - phi)^4 / (1 + 2 phi)^2, with no offset", () => {
  const phi = 0.2;
  const [s0] = evaluate("hardsphere", { volfraction: phi, radius_effective: 50 }, Float64Array.from([1e-6])).I;
  expect(s0).toBeCloseTo((1 - phi) ** 4 / (1 + 2 * phi) ** 2, 9);
});
