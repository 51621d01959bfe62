/** core_shell_sphere: core of radius R inside a shell of thickness T; normalised by the whole volume. */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { accumulateTwoInterfaceMesh } from "./layered-sphere";
import { log10Uniform, splitOuter } from "./draw";

const parameters = [
  param("radius", "Ang", 60, [0, INF], "volume", "Sphere core radius"),
  param("thickness", "Ang", 10, [0, INF], "volume", "Sphere shell thickness"),
  param("sld_core", "1e-6/Ang^2", 1, [-INF, INF], "sld", "core scattering length density"),
  param("sld_shell", "1e-6/Ang^2", 2, [-INF, INF], "sld", "shell scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 3, [-INF, INF], "sld", "Solvent scattering length density"),
];
const { radius: RADIUS, thickness: THICKNESS, sld_core: SLD_CORE, sld_shell: SLD_SHELL, sld_solvent: SLD_SOLVENT } = indexOf(parameters);
const SOURCE = "sasmodels models/core_shell_sphere.py tests";

export const coreShellSphere: ScatteringModelDefinition = {
  name: "core_shell_sphere",
  title: "Form factor for a monodisperse spherical particle with particle with a core-shell structure.",
  description: "F(q) = V_c (sld_core - sld_shell) 3j1(qR)/(qR) + V_s (sld_shell - sld_solvent) 3j1(q(R+T))/(q(R+T))",
  category: "shape:sphere",
  parameters,
  random(rng) {
    // outer radius log-uniform 20 Å – 2 µm, split with a preference for a thin shell or a thin core
    const { inner, rest } = splitOuter(rng, log10Uniform(rng, 1.3, 4.3));
    return { radius: inner, thickness: rest };
  },
  knownValues: [
    {
      parameters: { radius: 20, thickness: 10 },
      q: [0.1],
      averages: { radiusEffective: 30, volume: FOUR_PI_3 * 30 ** 3, volumeRatio: 1 },
      rtol: 1e-12,
      source: SOURCE,
    },
    { parameters: { background: 0 }, q: [0.4], I: [0.000698838], rtol: 2e-6, source: SOURCE },
  ],
  haveFq: true,
  formVolume: (p) => FOUR_PI_3 * (p[RADIUS] + p[THICKNESS]) ** 3,
  radiusEffectiveModes: ["outer radius", "core radius"],
  radiusEffective: (mode, p) => (mode === 2 ? p[RADIUS] : p[RADIUS] + p[THICKNESS]),
  accumulate(q, p, weight, f1, f2) {
    const r = p[RADIUS];
    const ro = r + p[THICKNESS];
    const vc = FOUR_PI_3 * r * r * r * (p[SLD_CORE] - p[SLD_SHELL]);
    const vs = FOUR_PI_3 * ro * ro * ro * (p[SLD_SHELL] - p[SLD_SOLVENT]);
    for (let i = 0; i < q.length; i++) {
      const f = vc * sphereAmplitude(q[i] * r) + vs * sphereAmplitude(q[i] * ro);
      if (f1) f1[i] += weight * 1e-2 * f;
      f2[i] += weight * 1e-4 * f * f;
    }
  },
  accumulateMesh(q, p, dims, f1, f2) {
    return accumulateTwoInterfaceMesh(
      q,
      p[RADIUS],
      p[THICKNESS],
      RADIUS,
      THICKNESS,
      dims,
      {
        innerContrast: p[SLD_CORE] - p[SLD_SHELL],
        outerContrast: p[SLD_SHELL] - p[SLD_SOLVENT],
        amplitudeFactor: 1,
      },
      f1,
      f2,
    );
  },
};
