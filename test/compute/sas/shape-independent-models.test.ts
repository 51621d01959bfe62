/**
 * The shape-independent and lamellar SASformer classes against truths other than sasmodels (whose
 * values each model file carries): analytic limits, exact values at 50 digits (mpmath), identities
 * with other models of the catalogue, and the branch switches of the kernels meeting smoothly.
 */
import { evaluate, evaluationWork, listScatteringModels, scatteringModelInfo } from "../../../src/compute/sas";
import { gamma } from "../../../src/compute/sas/numerics/gamma";
import { paracrystalLatticeFactor } from "../../../src/compute/sas/models/lamellar-stack-paracrystal";
import { polydisperseDebye } from "../../../src/compute/sas/models/poly-gauss-coil";
import { starFormFactor } from "../../../src/compute/sas/models/star-polymer";
import { fractalStructureFactor } from "../../../src/compute/sas/models/fractal";
import { evaluate2D } from "../../../src/compute/sas/evaluate-2d";

const MODELS = [
  "adsorbed_layer",
  "correlation_length",
  "fractal",
  "gauss_lorentz_gel",
  "gaussian_peak",
  "gel_fit",
  "lamellar_hg",
  "lamellar_hg_stack_caille",
  "lamellar_stack_caille",
  "lamellar_stack_paracrystal",
  "lorentz",
  "mass_surface_fractal",
  "peak_lorentz",
  "poly_gauss_coil",
  "star_polymer",
  "surface_fractal",
  "two_lorentzian",
  "two_power_law",
  "unified_power_Rg",
];

const q = Float64Array.from({ length: 60 }, (_, i) => 1e-3 * Math.pow(1000, i / 59)); // 0.001 .. 1 1/Å
const I = (model: string, parameters: Record<string, number>, at: Float64Array = q) => evaluate(model, { background: 0, ...parameters }, at).I;

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = a[i] === b[i] ? 0 : Math.abs(a[i] - b[i]) / Math.abs(b[i]);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

describe("catalogue", () => {
  it("lists every one of them, with finite positive intensities at the defaults from q = 0.001 to 1/Å", () => {
    const names = new Set(listScatteringModels().map((m) => m.name));
    for (const name of MODELS) {
      expect({ name, listed: names.has(name) }).toEqual({ name, listed: true });
      const values = Array.from(evaluate(name, {}, q).I);
      expect({ name, finite: values.every((v) => Number.isFinite(v) && v >= 0) }).toEqual({ name, finite: true });
    }
  });

  it("keeps sasmodels' parameter names, volume (polydisperse) parameters and vector parameters", () => {
    const names = (m: string) => scatteringModelInfo(m).parameters.map((p) => p.name);
    const polydisperse = (m: string) =>
      scatteringModelInfo(m)
        .parameters.filter((p) => p.polydisperse)
        .map((p) => p.name);
    expect(names("two_power_law")).toEqual(["scale", "background", "coefficent_1", "crossover", "power_1", "power_2"]);
    expect(names("unified_power_Rg").slice(0, 5)).toEqual(["scale", "background", "level", "rg1", "rg2"]);
    expect(names("unified_power_Rg")).toHaveLength(3 + 4 * 6);
    expect(names("unified_power_Rg").slice(-1)).toEqual(["G6"]);
    expect(polydisperse("lamellar_hg_stack_caille")).toEqual(["length_tail", "length_head", "d_spacing"]);
    expect(polydisperse("lamellar_stack_caille")).toEqual(["thickness", "d_spacing"]);
    expect(polydisperse("lamellar_stack_paracrystal")).toEqual(["thickness"]);
    expect(polydisperse("fractal")).toEqual(["radius"]);
    expect(polydisperse("surface_fractal")).toEqual([]);
    expect(scatteringModelInfo("lamellar_stack_caille").parameters.find((p) => p.name === "Nlayers")).toMatchObject({ default: 20, limits: [1, Infinity] });
  });
});

describe("exact values (mpmath, 50 digits) where sasmodels' closed forms cancel", () => {
  const at = Float64Array.of(1e-5, 1e-4, 1e-3, 0.004);
  it("poly_gauss_coil: the series below z(1 + U) = 0.1, the closed form above", () => {
    expect(maxRel(I("poly_gauss_coil", {}, at), [69.99998687500246, 69.99868752460891, 69.86899563318778, 67.96116504854369])).toBeLessThan(2e-15);
    expect(
      maxRel(
        I("poly_gauss_coil", { i_zero: 5, rg: 40, polydispersity: 1.05 }, at),
        [4.999999733333344, 4.999973333444848, 4.997334448095677, 4.957617225290184],
      ),
    ).toBeLessThan(2e-15);
    expect(
      maxRel(I("poly_gauss_coil", { i_zero: 1, rg: 200, polydispersity: 1 }, at), [0.999998666668, 0.9998666799989334, 0.9867989404040118, 0.816857539272698]),
    ).toBeLessThan(2e-15);
  });

  it("star_polymer: the series below v = 0.5", () => {
    const star = Float64Array.of(1e-5, 1e-4, 1e-3, 0.03);
    expect(maxRel(I("star_polymer", {}, star), [0.9999999966666667, 0.9999996666667432, 0.9999666674319593, 0.9706101427100297])).toBeLessThan(2e-15);
    expect(
      maxRel(I("star_polymer", { rg_squared: 1e4, arms: 6 }, star), [0.999999666666737, 0.9999666673697806, 0.996673686798121, 0.13874142773275724]),
    ).toBeLessThan(2e-15);
  });
});

describe("analytic forms and limits", () => {
  it("poly_gauss_coil with Mw/Mn = 2 is the Zimm form I0/(1 + (q Rg)²/3)", () => {
    const zimm = Array.from(q, (x) => 70 / (1 + (x * 75) ** 2 / 3));
    expect(maxRel(I("poly_gauss_coil", { polydispersity: 2 }), zimm)).toBeLessThan(1e-14);
  });

  it("poly_gauss_coil with Mw/Mn = 1 and star_polymer with one arm are the Debye coil (mono_gauss_coil)", () => {
    const debye = I("mono_gauss_coil", { i_zero: 12, rg: 300 });
    expect(maxRel(I("poly_gauss_coil", { i_zero: 12, rg: 300, polydispersity: 1 }), debye)).toBeLessThan(1e-14);
    expect(maxRel(I("star_polymer", { rg_squared: 300 * 300, arms: 1, scale: 12 }), debye)).toBeLessThan(1e-14);
  });

  it("the series and closed forms are both exact on either side of their switches (mpmath, 50 digits)", () => {
    // poly_gauss_coil switches at z(1 + U) = 0.1, star_polymer at v = 0.5; values at the switch · (1 ∓ 1e-9)
    const coil: [number, [number, number]][] = [
      [0, [0.9674836072236302, 0.9674836071601991]],
      [0.05, [0.9660140963475983, 0.966014096281454]],
      [30, [0.9388745567764281, 0.9388745566624658]],
    ];
    for (const [u, [below, above]] of coil) {
      const z = 0.1 / (1 + u);
      expect(Math.abs(polydisperseDebye(z * (1 - 1e-9), u) / below - 1)).toBeLessThan(3e-15);
      expect(Math.abs(polydisperseDebye(z * (1 + 1e-9), u) / above - 1)).toBeLessThan(3e-15);
    }
    const star: [number, [number, number]][] = [
      [1, [0.8522452778316806, 0.8522452775704542]],
      [3, [0.6969300841229882, 0.6969300836573259]],
      [6, [0.658101285695815, 0.6581012851790439]],
    ];
    for (const [f, [below, above]] of star) {
      expect(Math.abs(starFormFactor(0.5 * (1 - 1e-9), f) / below - 1)).toBeLessThan(3e-15);
      expect(Math.abs(starFormFactor(0.5 * (1 + 1e-9), f) / above - 1)).toBeLessThan(3e-15);
    }
  });

  it("fractal: S(q -> 0) = 1 + Γ(D+1)(ξ/R)^D, and D = 1 is the limit of its neighbours", () => {
    const [r, xi, phi, contrast] = [12, 300, 0.1, 2 - 6.4];
    for (const dim of [0.5, 1, 1.6, 2.7]) {
      const [low] = I("fractal", { volfraction: phi, radius: r, fractal_dim: dim, cor_length: xi }, Float64Array.of(1e-8));
      const v = (4 / 3) * Math.PI * r ** 3;
      expect(Math.abs(low / (1e-4 * phi * v * contrast ** 2 * (1 + gamma(dim + 1) * (xi / r) ** dim)) - 1)).toBeLessThan(1e-9);
    }
    for (const x of [1e-3, 0.05, 1]) {
      const atOne = fractalStructureFactor(x, r, 1, xi);
      expect(Math.abs(fractalStructureFactor(x, r, 1 + 1e-7, xi) / atOne - 1)).toBeLessThan(1e-6);
      expect(Math.abs(fractalStructureFactor(x, r, 1 - 1e-7, xi) / atOne - 1)).toBeLessThan(1e-6);
    }
  });

  it("unified_power_Rg: Σ G at q -> 0, one level without power law is G · guinier, levels above `level` are ignored", () => {
    const [low] = I(
      "unified_power_Rg",
      { level: 3, G1: 5000, G2: 60, G3: 2, rg1: 800, rg2: 90, rg3: 10, power1: 2.2, power2: 3.5, power3: 1.7 },
      Float64Array.of(1e-9),
    );
    expect(Math.abs(low / 5062 - 1)).toBeLessThan(1e-9);
    // exp(-(q Rg)²/3) reaches e^-533 at q = 1: the argument's rounding (533 ulp) sets the tolerance
    const guinier = I("guinier", { rg: 40, scale: 7 });
    expect(maxRel(I("unified_power_Rg", { level: 1, rg1: 40, G1: 7, B1: 0 }), guinier)).toBeLessThan(1e-12);
    const two = { level: 2, rg1: 300, rg2: 30, G1: 100, G2: 3, B1: 1e-4, B2: 2e-3, power1: 3, power2: 2 };
    expect(Array.from(I("unified_power_Rg", { ...two, rg3: 7, G3: 1e5, B6: 9 }))).toEqual(Array.from(I("unified_power_Rg", two)));
    // level rounds to the nearest integer, as in sasmodels
    expect(Array.from(I("unified_power_Rg", { ...two, level: 2.4 }))).toEqual(Array.from(I("unified_power_Rg", two)));
  });

  it("gel_fit, mass_surface_fractal, adsorbed_layer: their q -> 0 limits", () => {
    const tiny = Float64Array.of(1e-9);
    expect(I("gel_fit", {}, tiny)[0] / (1.7 + 3.5) - 1).toBeCloseTo(0, 12);
    expect(I("mass_surface_fractal", {}, tiny)[0] - 1).toBeCloseTo(0, 9);
    // adsorbed_layer: I q² -> 0.06 π φ (Δρ Γ/ρ)²/R
    const [a] = I("adsorbed_layer", {}, Float64Array.of(1e-7));
    expect(Math.abs((a * 1e-14) / ((0.06 * Math.PI * 0.14 * ((1.5 - 6.3) * 1.9) ** 2) / (0.7 ** 2 * 500)) - 1)).toBeLessThan(1e-9);
  });

  it("two_power_law is continuous at the crossover; two_lorentzian, correlation_length and gauss_lorentz_gel contain lorentz", () => {
    const qc = 0.04;
    const [below, above] = I("two_power_law", {}, Float64Array.of(qc, qc * (1 + 1e-12)));
    expect(Math.abs(above / below - 1)).toBeLessThan(1e-10);
    const lorentz = I("lorentz", { cor_length: 30, scale: 9 });
    expect(maxRel(I("two_lorentzian", { lorentz_scale_1: 9, lorentz_length_1: 30, lorentz_exp_1: 2, lorentz_scale_2: 0 }), lorentz)).toBeLessThan(1e-14);
    expect(maxRel(I("correlation_length", { lorentz_scale: 9, cor_length: 30, lorentz_exp: 2, porod_scale: 0 }), lorentz)).toBeLessThan(1e-14);
    expect(maxRel(I("gauss_lorentz_gel", { gauss_scale: 0, lorentz_scale: 9, cor_length_dynamic: 30 }), lorentz)).toBeLessThan(1e-14);
  });

  it("gaussian_peak and peak_lorentz: height scale at the peak, half height one HWHM (Lorentz) or σ√(2 ln 2) away (Gauss)", () => {
    const g = I("gaussian_peak", { peak_pos: 0.2, sigma: 0.03, scale: 5 }, Float64Array.of(0.2, 0.2 + 0.03 * Math.sqrt(2 * Math.LN2)));
    expect(g[0]).toBe(5);
    expect(g[1]).toBeCloseTo(2.5, 12);
    const l = I("peak_lorentz", { peak_pos: 0.12, peak_hwhm: 0.02, scale: 300 }, Float64Array.of(0.12, 0.14, 0.1));
    expect(Array.from(l).map((v) => Number(v.toFixed(10)))).toEqual([300, 150, 150]);
  });
});

describe("lamellar models", () => {
  it("a bilayer whose heads match its tails is a uniform lamella of thickness 2(H+T) (lamellar)", () => {
    const uniform = I("lamellar", { sld: 0.4, sld_solvent: 6, thickness: 2 * (15 + 10) });
    expect(maxRel(I("lamellar_hg", { length_tail: 15, length_head: 10, sld: 0.4, sld_head: 0.4, sld_solvent: 6 }), uniform)).toBeLessThan(1e-12);
  });

  it("one layer of a Caillé stack is lamellar with d = δ; head = tail SLD is the plain Caillé stack of thickness 2(H+T)", () => {
    const single = I("lamellar_stack_caille", { thickness: 30, d_spacing: 30, Nlayers: 1, sld: 6.3, sld_solvent: 1 });
    expect(maxRel(single, I("lamellar", { thickness: 30, sld: 6.3, sld_solvent: 1 }))).toBeLessThan(1e-12);
    const hg = I("lamellar_hg_stack_caille", { length_tail: 10, length_head: 2, sld: 0.4, sld_head: 0.4, Nlayers: 30, d_spacing: 40, Caille_parameter: 0.05 });
    const plain = I("lamellar_stack_caille", { thickness: 24, sld: 0.4, sld_solvent: 6, Nlayers: 30, d_spacing: 40, Caille_parameter: 0.05 });
    expect(maxRel(hg, plain)).toBeLessThan(1e-12);
  });

  it("Caillé: N layers in phase at q -> 0 (S = N), Nlayers rounded to the nearest integer", () => {
    const [contrast, delta, d, n] = [5.3, 30, 400, 20];
    const [low] = I("lamellar_stack_caille", {}, Float64Array.of(1e-9));
    // I -> 2π Δρ² δ² N/(d q²) · 1e-4
    expect(Math.abs(low / ((2 * Math.PI * contrast ** 2 * delta ** 2 * n * 1e-4) / (d * 1e-18)) - 1)).toBeLessThan(1e-9);
    expect(Array.from(I("lamellar_stack_caille", { Nlayers: 20.4 }))).toEqual(Array.from(I("lamellar_stack_caille", { Nlayers: 20 })));
    expect(Array.from(I("lamellar_stack_caille", { Nlayers: 20.6 }))).toEqual(Array.from(I("lamellar_stack_caille", { Nlayers: 21 })));
  });

  it("paracrystal: S = N at q -> 0, a non-integer N mixes its neighbours linearly, and the direct sum meets the closed form", () => {
    const [low] = I("lamellar_stack_paracrystal", { sigma_d: 0.2 }, Float64Array.of(1e-9));
    expect(Math.abs(low / ((2 * Math.PI * (1 - 6.34) ** 2 * 20 * 1e-4) / 1e-18) - 1)).toBeLessThan(1e-9);
    const base = { sigma_d: 0.1, d_spacing: 120 };
    const five = I("lamellar_stack_paracrystal", { ...base, Nlayers: 5 });
    const six = I("lamellar_stack_paracrystal", { ...base, Nlayers: 6 });
    const mixed = Array.from(five, (v, i) => 0.7 * v + 0.3 * six[i]);
    expect(maxRel(I("lamellar_stack_paracrystal", { ...base, Nlayers: 5.3 }), mixed)).toBeLessThan(1e-13);
    // both branches (term by term up to 4096 layers, the closed form above) against a plain sum with
    // cos and pow at every term
    const plainSum = (n: number, w: number, theta: number) => {
      let sum = 1;
      for (let k = 1; k < n; k++) sum += 2 * (1 - k / n) * Math.pow(w, k) * Math.cos(k * theta);
      return sum;
    };
    for (const n of [1, 2, 100, 4096, 5000, 20000]) {
      for (const [w, theta] of [
        [0.99, 0.3],
        [0.7, 2],
        [0.999, 0.05],
        [0.95, 7.5],
        [0.9999, 2 * Math.PI + 0.01],
      ]) {
        const expected = plainSum(n, w, theta);
        expect({ n, w, theta, rel: Math.abs(paracrystalLatticeFactor(n, Math.log(w), theta) / expected - 1) < 1e-10 }).toEqual({ n, w, theta, rel: true });
      }
    }
  });

  it("the price of a request follows the number of layers, so a huge Nlayers is refused by cost, not run", () => {
    const few = evaluationWork("lamellar_stack_caille", { Nlayers: 20 }, q).total;
    const many = evaluationWork("lamellar_stack_caille", { Nlayers: 2e6 }, q).total;
    expect(many / few).toBeGreaterThan(5e4);
    expect(evaluationWork("lamellar_hg_stack_caille", { Nlayers: 1e12 }, q).total).toBeGreaterThan(1e13);
    // the paracrystal's closed form above 4096 layers costs one term
    expect(evaluationWork("lamellar_stack_paracrystal", { Nlayers: 1e12 }, q).total).toBe(q.length);
    expect(evaluationWork("lamellar_stack_paracrystal", { Nlayers: 100 }, q).total).toBe(200 * q.length);
  });
});

describe("2D I(qx, qy)", () => {
  // sasmodels 1.0.6 double-precision DLL kernels, call_kernel on the flattened grid (qy rows, qx columns):
  // isotropic models give I(|q|) there too
  const qx = Float64Array.of(-0.1, 0.02, 0.3);
  const qy = Float64Array.of(-0.05, 0.2);
  const cases: [string, Record<string, number>, number[]][] = [
    [
      "lamellar_stack_paracrystal",
      { sigma_d: 0.1, background: 0 },
      [0.376435983743285, 6.0238419621525, 0.00699398411737405, 0.00714305565433289, 0.00122043752871927, 0.000418557560941605],
    ],
    [
      "unified_power_Rg",
      { level: 2, rg2: 60, G2: 20, B2: 1e-3, power2: 2.5, background: 0 },
      [141.597380172071, 315.771243910692, 0.201235709049368, 6.28115739011565, 13.9240685037445, 0.0208270158352763],
    ],
    ["fractal", { background: 0 }, [0.349823278285794, 1.38206036086259, 0.0585208517448418, 0.102029534456282, 0.122849507612534, 0.0413231318859616]],
  ];
  it.each(cases)("%s matches sasmodels' 2D values", (model, parameters, expected) => {
    const out = evaluate2D(model, parameters, qx, qy);
    expect(out.shape).toEqual([2, 3]);
    expect(maxRel(out.I, expected)).toBeLessThan(1e-9);
  });
});
