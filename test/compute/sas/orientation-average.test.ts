/**
 * Orientation averages at high q·size against independent integrals: every amplitude is written out
 * here from its formula (J1 by Miller's backward recurrence, not the library's table), and each
 * average is an adaptive Gauss–Kronrod (7, 15) integral to 1e-13 relative, in sasmodels' own
 * variables (u = cos α for hollow_cylinder, ellipsoid and parallelepiped). The library must agree to
 * 1e-9 relative at every case, including those of issue 15 (ellipsoid Re 400 Å at q = 1/Å was 78 %
 * off with sasmodels' fixed 76-point rule, cylinder R 20 L 400 1 % off at q = 0.66/Å), mono and
 * polydisperse.
 */
import { evaluate } from "../../../src/compute/sas";
import { formAverages } from "../../../src/compute/sas/evaluate";

// ---- independent special functions ----

/** J1(x) by Miller's backward recurrence, normalised with J0 + 2 Σ J_2k = 1. */
function besselJ1(xIn: number): number {
  const x = Math.abs(xIn);
  if (x === 0) return 0;
  const sign = xIn < 0 ? -1 : 1;
  let n = Math.ceil(x + 12 * Math.cbrt(x) + 40);
  if (n % 2 === 1) n++;
  let next = 0;
  let cur = 1e-30;
  let sum = 0;
  let j1 = 0;
  for (let k = n; k >= 1; k--) {
    const prev = ((2 * k) / x) * cur - next; // J_{k-1}
    next = cur;
    cur = prev;
    if (k - 1 === 1) j1 = cur;
    if ((k - 1) % 2 === 0) sum += k - 1 === 0 ? cur : 2 * cur;
    if (Math.abs(cur) > 1e200) {
      cur *= 1e-200;
      next *= 1e-200;
      sum *= 1e-200;
      j1 *= 1e-200;
    }
  }
  return (sign * j1) / sum;
}

function twoJ1x(x: number): number {
  if (Math.abs(x) < 1e-3) {
    const x2 = x * x;
    return 1 - x2 / 8 + (x2 * x2) / 192 - (x2 * x2 * x2) / 9216;
  }
  return (2 * besselJ1(x)) / x;
}

function sincRef(x: number): number {
  if (Math.abs(x) < 1e-4) return 1 - (x * x) / 6;
  return Math.sin(x) / x;
}

function threeJ1x(x: number): number {
  if (Math.abs(x) < 0.1) {
    const x2 = x * x;
    return 1 + x2 * (-1 / 10 + x2 * (1 / 280 + x2 * (-1 / 15120 + x2 / 1330560)));
  }
  return (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
}

// ---- adaptive Gauss–Kronrod (7, 15) ----

const XGK = [0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679, 0.19035057806478542, 0.20443294007529889,
  0.20948214108472782,
];
/** Gauss weights of the 7-point rule at XGK[1], XGK[3], XGK[5], XGK[7]. */
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

/** Kronrod and Gauss values of ∫_a^b f, and the Kronrod value of ∫ |f| (the scale of its rounding). */
function kronrod(f: (x: number) => number, a: number, b: number): { k: number; g: number; abs: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = WGK[7] * fc;
  let g = WG[3] * fc;
  let abs = WGK[7] * Math.abs(fc);
  for (let i = 0; i < 7; i++) {
    const left = f(c - h * XGK[i]);
    const right = f(c + h * XGK[i]);
    k += WGK[i] * (left + right);
    abs += WGK[i] * (Math.abs(left) + Math.abs(right));
    if (i % 2 === 1) g += WG[(i - 1) / 2] * (left + right);
  }
  return { k: k * h, g: g * h, abs: abs * h };
}

/**
 * ∫_a^b f to relTol of ∫_a^b |f|: start from `panels` equal pieces, split any piece whose Kronrod and
 * Gauss values differ by more than its share of the tolerance.
 */
function integrate(f: (x: number) => number, a: number, b: number, panels: number, relTol = 1e-13): number {
  type Piece = { lo: number; hi: number; k: number; g: number; abs: number };
  const stack: Piece[] = [];
  // relative to ∫ |f|: the same as ∫ f for the positive <F²> integrands, and for <F>, whose
  // oscillations cancel, the scale its rounding has anyway
  let estimate = 0;
  const d = (b - a) / panels;
  for (let p = 0; p < panels; p++) {
    const lo = a + p * d;
    const hi = p === panels - 1 ? b : lo + d;
    const r = kronrod(f, lo, hi);
    estimate += r.abs;
    stack.push({ lo, hi, ...r });
  }
  const tol = relTol * estimate;
  let total = 0;
  let splits = 0;
  while (stack.length > 0) {
    const piece = stack.pop() as Piece;
    // Done when within its share of the tolerance, or when the two rules agree to the rounding of f
    // on this piece (Miller's J1 at x ~ 1000 carries ~1e-14), or when the piece is so narrow that
    // only rounding is left (around a zero of f); it would else split forever.
    const width = piece.hi - piece.lo;
    if (Math.abs(piece.k - piece.g) <= Math.max((tol * width) / (b - a), 1e-13 * piece.abs) || width < 1e-9 * (b - a)) {
      total += piece.k;
      continue;
    }
    if (++splits > 1e6) throw new Error("reference integral did not converge");
    const mid = 0.5 * (piece.lo + piece.hi);
    stack.push({ lo: piece.lo, hi: mid, ...kronrod(f, piece.lo, mid) }, { lo: mid, hi: piece.hi, ...kronrod(f, mid, piece.hi) });
  }
  return total;
}

/** Starting pieces: one per ~4 radians of the integrand's phase (the adaptive split does the rest). */
const piecesFor = (phase: number) => Math.max(4, Math.ceil(phase / 4));

// ---- the models, from their formulas (scale 1, background 0, I in 1/cm) ----

type Params = Record<string, number>;

function cylinderF2(q: number, radius: number, length: number, contrast: number): { f1: number; f2: number } {
  const amp = (a: number) => twoJ1x(q * radius * Math.sin(a)) * sincRef(0.5 * q * length * Math.cos(a));
  const pieces = piecesFor(2 * q * (radius + length / 2));
  const v = Math.PI * radius * radius * length;
  const mean1 = integrate((a) => amp(a) * Math.sin(a), 0, Math.PI / 2, pieces);
  const mean2 = integrate((a) => amp(a) ** 2 * Math.sin(a), 0, Math.PI / 2, pieces);
  return { f1: 1e-2 * contrast * v * mean1, f2: 1e-4 * (contrast * v) ** 2 * mean2 };
}

function coreShellCylinderF2(q: number, p: Params): number {
  const { radius: r, thickness: t, length: l } = p;
  const coreVd = Math.PI * r * r * l * (p.sld_core - p.sld_shell);
  const shellVd = Math.PI * (r + t) ** 2 * (l + 2 * t) * (p.sld_shell - p.sld_solvent);
  const amp = (a: number) =>
    coreVd * twoJ1x(q * r * Math.sin(a)) * sincRef(0.5 * q * l * Math.cos(a)) +
    shellVd * twoJ1x(q * (r + t) * Math.sin(a)) * sincRef(q * (0.5 * l + t) * Math.cos(a));
  return 1e-4 * integrate((a) => amp(a) ** 2 * Math.sin(a), 0, Math.PI / 2, piecesFor(2 * q * (r + 2 * t + l / 2)));
}

function hollowCylinderF2(q: number, p: Params): number {
  const { radius: r, thickness: t, length: l } = p;
  const ro = r + t;
  const g2 = (r / ro) ** 2;
  const vShell = Math.PI * l * (ro * ro - r * r);
  const amp = (u: number) => {
    const qab = q * Math.sqrt(1 - u * u);
    return ((twoJ1x(ro * qab) - g2 * twoJ1x(r * qab)) / (1 - g2)) * sincRef(0.5 * q * l * u);
  };
  return 1e-4 * ((p.sld - p.sld_solvent) * vShell) ** 2 * integrate((u) => amp(u) ** 2, 0, 1, piecesFor(4 * q * (ro + l / 2)));
}

function ellipsoidF2(q: number, p: Params): number {
  const rp = p.radius_polar;
  const re = p.radius_equatorial;
  const v = (4 / 3) * Math.PI * rp * re * re;
  const amp = (u: number) => threeJ1x(q * Math.sqrt(re * re * (1 - u * u) + rp * rp * u * u));
  return 1e-4 * ((p.sld - p.sld_solvent) * v) ** 2 * integrate((u) => amp(u) ** 2, 0, 1, piecesFor(4 * q * Math.max(rp, re)));
}

function parallelepipedF2(q: number, p: Params): number {
  const { length_a: a, length_b: b, length_c: c } = p;
  const inner = (u: number) => {
    const s = Math.sqrt(1 - u * u);
    const f = (phi: number) => (sincRef(0.5 * q * a * s * Math.sin(phi)) * sincRef(0.5 * q * b * s * Math.cos(phi))) ** 2;
    return (integrate(f, 0, Math.PI / 2, piecesFor(q * s * (a + b))) / (Math.PI / 2)) * sincRef(0.5 * q * c * u) ** 2;
  };
  return 1e-4 * ((p.sld - p.sld_solvent) * a * b * c) ** 2 * integrate(inner, 0, 1, piecesFor(2 * q * (a + b + c)));
}

/** sasmodels' gaussian points: centre + linspace(-3σ, 3σ, n), σ = width · centre. */
function gaussianPoints(centre: number, width: number, n: number): { x: number[]; w: number[] } {
  const sigma = width * centre;
  const x = Array.from({ length: n }, (_, k) => centre - 3 * sigma + (6 * sigma * k) / (n - 1));
  return { x, w: x.map((xi) => Math.exp(-((xi - centre) ** 2) / (2 * sigma * sigma))) };
}

const relErr = (ours: number, ref: number) => Math.abs(ours / ref - 1);
const worst: Record<string, number> = {};
function record(label: string, err: number): void {
  worst[label] = Math.max(worst[label] ?? 0, err);
}
afterAll(() => {
  // The largest relative error per case, for the record (the assertions are above).
  console.log(
    Object.entries(worst)
      .map(([k, v]) => `${k}: ${v.toExponential(1)}`)
      .join("\n"),
  );
});

const TOL = 1e-9;
// The references are adaptive integrals of oscillating functions: seconds, not milliseconds.
jest.setTimeout(120_000);
const one = (model: string, params: Params, q: number) => evaluate(model, { scale: 1, background: 0, ...params }, Float64Array.of(q)).I[0];

describe("reference integrals", () => {
  test("Miller J1 and the Kronrod rule are right", () => {
    expect(Math.abs(besselJ1(1) - 0.44005058574493355)).toBeLessThan(1e-15);
    expect(Math.abs(besselJ1(10) - 0.04347274616886141)).toBeLessThan(1e-15);
    expect(Math.abs(besselJ1(100) - -0.0771453520141123)).toBeLessThan(1e-15);
    expect(Math.abs(besselJ1(1000.5) - 0.01602771537320294)).toBeLessThan(1e-14);
    // (values: scipy.special.j1)
    for (const omega of [1, 50, 700]) {
      expect(
        relErr(
          integrate((u) => Math.cos(omega * u), 0, 1, 4),
          Math.sin(omega) / omega,
        ),
      ).toBeLessThan(1e-12);
    }
    expect(
      relErr(
        integrate((u) => u ** 22, 0, 1, 1),
        1 / 23,
      ),
    ).toBeLessThan(1e-14);
  });
});

describe("orientation averages agree with the exact integral at high q·size", () => {
  const cylinderCases: [number, number, number][] = [
    // radius, length, q
    [20, 400, 0.26],
    [20, 400, 0.52],
    [20, 400, 0.66],
    [20, 400, 1],
    [20, 400, 2],
    [2000, 10, 0.25], // flat disc, q·R = 500: split into panels
    [5, 20000, 0.3], // needle, q·L/2 = 3000
    [300, 300, 0.8],
  ];
  test.each(cylinderCases)("cylinder R %p L %p at q %p (I and <F>)", (radius, length, q) => {
    const ref = cylinderF2(q, radius, length, 3);
    const v = Math.PI * radius * radius * length;
    const err = relErr(one("cylinder", { radius, length }, q), ref.f2 / v);
    const avg = formAverages("cylinder", { radius, length }, Float64Array.of(q));
    record("cylinder", err);
    expect(err).toBeLessThan(TOL);
    // <F> changes sign with q; measured on the scale of |F| (sqrt <F²>) where it is near zero
    const err1 = Math.abs((avg.F1 as Float64Array)[0] - ref.f1) / Math.max(Math.abs(ref.f1), 1e-3 * Math.sqrt(ref.f2));
    record("cylinder <F>", err1);
    expect(err1).toBeLessThan(TOL);
  });

  test.each([
    [20, 400, 0.26],
    [20, 400, 0.5],
    [20, 400, 1],
    [400, 20, 1],
    [3000, 10, 0.5],
    [10, 3000, 0.3],
  ])("ellipsoid Rp %p Re %p at q %p", (rp, re, q) => {
    const p = { radius_polar: rp, radius_equatorial: re, sld: 4, sld_solvent: 1 };
    const ref = ellipsoidF2(q, p) / ((4 / 3) * Math.PI * rp * re * re);
    const err = relErr(one("ellipsoid", p, q), ref);
    record("ellipsoid", err);
    expect(err).toBeLessThan(TOL);
  });

  test.each([
    [20, 10, 400, 1],
    [20, 10, 400, 0.6],
    [500, 5, 50, 0.5],
    [2, 1, 5000, 0.4],
  ])("hollow_cylinder R %p T %p L %p at q %p", (radius, thickness, length, q) => {
    const p = { radius, thickness, length, sld: 6.3, sld_solvent: 1 };
    const ref = hollowCylinderF2(q, p) / (Math.PI * length * ((radius + thickness) ** 2 - radius ** 2));
    const err = relErr(one("hollow_cylinder", p, q), ref);
    record("hollow_cylinder", err);
    expect(err).toBeLessThan(TOL);
  });

  test.each([
    [20, 20, 400, 1],
    [20, 20, 400, 0.66],
    // sasmodels' random(): outer radius up to 5e4 Å with a length of a few Å
    [9094.96245517515, 83.18232353611165, 1.1445026979616648, 0.1],
    [7.49331770519322, 27.420456267828577, 2.2785746900592767, 1],
  ])("core_shell_cylinder R %p T %p L %p at q %p", (radius, thickness, length, q) => {
    const p = { radius, thickness, length, sld_core: 4, sld_shell: 2, sld_solvent: 1 };
    const ref = coreShellCylinderF2(q, p) / (Math.PI * (radius + thickness) ** 2 * (length + 2 * thickness));
    const err = relErr(one("core_shell_cylinder", p, q), ref);
    record("core_shell_cylinder", err);
    expect(err).toBeLessThan(TOL);
  });

  test.each([
    [35, 75, 400, 1],
    [10, 300, 600, 0.3],
  ])("parallelepiped %p × %p × %p at q %p", (a, b, c, q) => {
    const p = { length_a: a, length_b: b, length_c: c, sld: 4, sld_solvent: 1 };
    const err = relErr(one("parallelepiped", p, q), parallelepipedF2(q, p) / (a * b * c));
    record("parallelepiped", err);
    expect(err).toBeLessThan(TOL);
  });
});

describe("polydisperse averages agree with the exact sums of exact integrals", () => {
  test("cylinder, radius × length gaussian 5 × 5 (the factorised mesh) at q 0.66 and 1", () => {
    const R = gaussianPoints(20, 0.1, 5);
    const L = gaussianPoints(400, 0.1, 5);
    for (const q of [0.66, 1]) {
      let num = 0;
      let den = 0;
      R.x.forEach((r, i) =>
        L.x.forEach((l, j) => {
          const w = R.w[i] * L.w[j];
          num += w * cylinderF2(q, r, l, 3).f2;
          den += w * Math.PI * r * r * l;
        }),
      );
      const ours = one("cylinder", { radius: 20, length: 400, radius_pd: 0.1, radius_pd_n: 5, length_pd: 0.1, length_pd_n: 5 }, q);
      const err = relErr(ours, num / den);
      record("cylinder pd", err);
      expect(err).toBeLessThan(TOL);
    }
  });

  test("ellipsoid, equatorial radius gaussian 9 points at q 1", () => {
    const E = gaussianPoints(400, 0.1, 9);
    let num = 0;
    let den = 0;
    E.x.forEach((re, i) => {
      num += E.w[i] * ellipsoidF2(1, { radius_polar: 20, radius_equatorial: re, sld: 4, sld_solvent: 1 });
      den += E.w[i] * (4 / 3) * Math.PI * 20 * re * re;
    });
    const ours = one("ellipsoid", { radius_polar: 20, radius_equatorial: 400, radius_equatorial_pd: 0.1, radius_equatorial_pd_n: 9 }, 1);
    const err = relErr(ours, num / den);
    record("ellipsoid pd", err);
    expect(err).toBeLessThan(TOL);
  });

  test("hollow_cylinder length gaussian 7 points, parallelepiped length_c 3 points, at q 1", () => {
    const L = gaussianPoints(400, 0.1, 7);
    let num = 0;
    let den = 0;
    L.x.forEach((length, i) => {
      num += L.w[i] * hollowCylinderF2(1, { radius: 20, thickness: 10, length, sld: 6.3, sld_solvent: 1 });
      den += L.w[i] * Math.PI * length * (30 ** 2 - 20 ** 2);
    });
    let err = relErr(one("hollow_cylinder", { length_pd: 0.1, length_pd_n: 7 }, 1), num / den);
    record("hollow_cylinder pd", err);
    expect(err).toBeLessThan(TOL);

    // three points: each parallelepiped reference is a nested adaptive integral of seconds
    const C = gaussianPoints(400, 0.1, 3);
    num = 0;
    den = 0;
    C.x.forEach((c, i) => {
      num += C.w[i] * parallelepipedF2(1, { length_a: 35, length_b: 75, length_c: c, sld: 4, sld_solvent: 1 });
      den += C.w[i] * 35 * 75 * c;
    });
    err = relErr(one("parallelepiped", { length_c_pd: 0.1, length_c_pd_n: 3 }, 1), num / den);
    record("parallelepiped pd", err);
    expect(err).toBeLessThan(TOL);
  });

  test("core_shell_cylinder, radius gaussian 7 points at q 1", () => {
    const R = gaussianPoints(20, 0.1, 7);
    let num = 0;
    let den = 0;
    R.x.forEach((radius, i) => {
      num += R.w[i] * coreShellCylinderF2(1, { radius, thickness: 20, length: 400, sld_core: 4, sld_shell: 4, sld_solvent: 1 });
      den += R.w[i] * Math.PI * (radius + 20) ** 2 * 440;
    });
    const err = relErr(one("core_shell_cylinder", { radius_pd: 0.1, radius_pd_n: 7 }, 1), num / den);
    record("core_shell_cylinder pd", err);
    expect(err).toBeLessThan(TOL);
  });
});
