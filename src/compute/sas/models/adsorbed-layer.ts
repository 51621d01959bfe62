/**
 * adsorbed_layer: a polymer or surfactant layer on large particles, seen through its second moment σ
 * (King et al.): I = 0.06 π φ (Γ Δρ/(ρ_b q))² exp(-(qσ)²)/R. The 6e-2 folds mg/m², g/cm³, SLDs in
 * 1e-6/Å² and Å into 1/cm.
 * Ref: S. King, P. Griffiths, J. Hone, T. Cosgrove, Macromol. Symp. 190 (2002) 33-42.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("second_moment", "Ang", 23, [0, INF], "plain", "Second moment of polymer distribution"),
  param("adsorbed_amount", "mg/m^2", 1.9, [0, INF], "plain", "Adsorbed amount of polymer"),
  param("density_shell", "g/cm^3", 0.7, [0, INF], "plain", "Bulk density of polymer in the shell"),
  param("radius", "Ang", 500, [0, INF], "plain", "Core particle radius"),
  param("volfraction", "None", 0.14, [0, INF], "plain", "Core particle volume fraction"),
  param("sld_shell", "1e-6/Ang^2", 1.5, [-INF, INF], "sld", "Polymer shell SLD"),
  param("sld_solvent", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "Solvent SLD"),
];
const {
  second_moment: SECOND_MOMENT,
  adsorbed_amount: ADSORBED_AMOUNT,
  density_shell: DENSITY_SHELL,
  radius: RADIUS,
  volfraction: VOLFRACTION,
  sld_shell: SLD_SHELL,
  sld_solvent: SLD_SOLVENT,
} = indexOf(parameters);

const PUBLISHED = "sasmodels models/adsorbed_layer.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const adsorbedLayer = pointwiseModel(
  {
    name: "adsorbed_layer",
    title: "Scattering from an adsorbed layer on particles",
    description: "I(q) = 6e-2 π volfraction ((sld_shell - sld_solvent) adsorbed_amount/(density_shell q))² exp(-(q second_moment)²)/radius",
    category: "shape:sphere",
    parameters,
    random(rng) {
      // only the second moment shapes the curve (scale·e^(-σ²q²)/q²); the rest keep their defaults
      return { scale: 1, second_moment: log10Uniform(rng, 1, 3) };
    },
    knownValues: [
      {
        parameters: {
          scale: 1.0,
          second_moment: 23.0,
          adsorbed_amount: 1.9,
          density_shell: 0.7,
          radius: 500.0,
          volfraction: 0.14,
          sld_shell: 1.5,
          sld_solvent: 6.3,
          background: 0.0,
        },
        q: [0.0106939, 0.1],
        I: [73.741, 0.00451684],
        rtol: 1e-5,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [8954.12203944314, 84.9725346338503, 0.954900872280775, 0.00451684244365402, 2.09531806921646e-22, 1.62357301433664e-232],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: {
          second_moment: 60,
          adsorbed_amount: 3,
          density_shell: 1.1,
          radius: 1200,
          volfraction: 0.3,
          sld_shell: 2,
          sld_solvent: -0.5,
          background: 0,
        },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [2182.80443788883, 15.2838326847477, 0.000108140392719949, 5.08132460872492e-17, 4.7306807657987e-143, 0.0],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: {
          second_moment: 4,
          adsorbed_amount: 0.5,
          density_shell: 0.95,
          radius: 80,
          volfraction: 0.02,
          sld_shell: 0.5,
          sld_solvent: 6.4,
          scale: 2,
          background: 0,
        },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [908.784685961337, 9.07346310512877, 0.349265879703375, 0.0774427616392298, 0.00239244182064574, 1.02271879753831e-10],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const a = ((p[SLD_SHELL] - p[SLD_SOLVENT]) * p[ADSORBED_AMOUNT]) / (p[DENSITY_SHELL] * q);
    const b = q * p[SECOND_MOMENT];
    return (6e-2 * Math.PI * p[VOLFRACTION] * a * a * Math.exp(-b * b)) / p[RADIUS];
  },
);
