/**
 * The spheroid's <F²> by paths in the complex plane (numerics/spheroid-average.ts) against an
 * adaptive Gauss–Kronrod (7, 15) integral in the polar angle written out here, over aspect ratios
 * 1/1000 – 1000 and q·size to 2e4, both where the range is split at X0 (a direct part) and where it
 * is not; and the Gauss–Laguerre and Gauss–Hermite rules it uses against their moments.
 */
import { MIN_SPAN, X0, spheroidF2 } from "../../../src/compute/sas/numerics/spheroid-average";
import { gaussHermite, gaussLaguerre } from "../../../src/compute/sas/numerics/gauss-exponential";

const XGK = [0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679, 0.19035057806478542, 0.20443294007529889,
  0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

function kronrod(f: (x: number) => number, a: number, b: number): { k: number; g: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = WGK[7] * fc;
  let g = WG[3] * fc;
  for (let i = 0; i < 7; i++) {
    const s = f(c - h * XGK[i]) + f(c + h * XGK[i]);
    k += WGK[i] * s;
    if (i % 2 === 1) g += WG[(i - 1) / 2] * s;
  }
  return { k: k * h, g: g * h };
}

/**
 * ∫_a^b f of a positive f to ~1e-14 relative: pieces split until Kronrod and Gauss agree to their
 * share of the tolerance (or to `noise`, the relative rounding of f, which no split removes).
 */
function integrate(f: (x: number) => number, a: number, b: number, pieces: number, noise: number): number {
  const stack: { lo: number; hi: number; k: number; g: number }[] = [];
  let estimate = 0;
  for (let p = 0; p < pieces; p++) {
    const lo = a + ((b - a) * p) / pieces;
    const hi = a + ((b - a) * (p + 1)) / pieces;
    const r = kronrod(f, lo, hi);
    estimate += r.k;
    stack.push({ lo, hi, ...r });
  }
  const tol = 1e-14 * estimate;
  let total = 0;
  while (stack.length > 0) {
    const { lo, hi, k, g } = stack.pop() as { lo: number; hi: number; k: number; g: number };
    if (Math.abs(k - g) <= Math.max((tol * (hi - lo)) / (b - a), noise * Math.abs(k)) || hi - lo < 1e-9 * (b - a)) total += k;
    else {
      const mid = 0.5 * (lo + hi);
      stack.push({ lo, hi: mid, ...kronrod(f, lo, mid) }, { lo: mid, hi, ...kronrod(f, mid, hi) });
    }
  }
  return total;
}

/** 3 j1(x)/x, by its series near 0. */
function phi(x: number): number {
  if (Math.abs(x) < 0.05) {
    const x2 = x * x;
    return 1 - x2 / 10 + (x2 * x2) / 280;
  }
  return (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
}

/** ∫_0^1 Φ(q r(u))² du written as ∫_0^{π/2} … sin α dα, r² = Re² sin²α + Rp² cos²α. */
function reference(q: number, rp: number, re: number): number {
  const f = (alpha: number) => {
    const s = Math.sin(alpha);
    const c = Math.cos(alpha);
    return s * phi(q * Math.sqrt(re * re * s * s + rp * rp * c * c)) ** 2;
  };
  // Φ at phase x carries rounding ε·x.
  const x = q * Math.max(rp, re);
  return integrate(f, 0, Math.PI / 2, Math.ceil(x) + 16, 1e-14 + 4e-16 * x);
}

describe("spheroidF2", () => {
  const cases: [number, number, number][] = [];
  for (const [rp, re] of [
    [20, 400],
    [10, 3000],
    [1, 1000],
    [80, 100],
    [400, 20],
    [3000, 10],
    [100, 80],
    [1000, 1],
  ]) {
    for (const x of [20, 60, 200, 1000, 5000, 20000]) cases.push([rp, re, x / Math.max(rp, re)]);
  }
  test.each(cases)("Rp %p Re %p at q %p", (rp, re, q) => {
    const ours = spheroidF2(q, rp, re);
    const xs = q * re;
    const xr = q * rp;
    // null exactly where the header says the node rule is the better tool
    const applies = rp < re ? xs - Math.max(xr, X0) >= MIN_SPAN : xs >= X0 + MIN_SPAN && xr - xs >= MIN_SPAN;
    expect(ours !== null).toBe(applies);
    if (ours === null) return;
    const ref = reference(q, rp, re);
    // phases of size x carry rounding ε·x
    expect(Math.abs(ours - ref) / ref).toBeLessThan(1e-12 + 2e-16 * q * Math.max(rp, re));
  });

  test("the split at X0 is taken on the way (oblate, R_pol q below X0), and the result is continuous across it", () => {
    const below = spheroidF2(3.99 / 20, 20, 400);
    const above = spheroidF2(4.01 / 20, 20, 400);
    expect(below).not.toBeNull();
    expect(above).not.toBeNull();
    expect(Math.abs((below as number) - reference(3.99 / 20, 20, 400)) / (below as number)).toBeLessThan(1e-12);
    expect(Math.abs((above as number) - reference(4.01 / 20, 20, 400)) / (above as number)).toBeLessThan(1e-12);
  });
});

describe("Gauss rules for exponential weights", () => {
  test.each([12, 18, 26])("Laguerre %p integrates s^m e^-s to m! for m < 2n", (n) => {
    const { nodes, weights } = gaussLaguerre(n);
    let factorial = 1;
    for (let m = 0; m < 2 * n; m++) {
      if (m > 0) factorial *= m;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += weights[k] * nodes[k] ** m;
      expect(Math.abs(sum / factorial - 1)).toBeLessThan(1e-13);
    }
  });
  test.each([12, 18, 25])("Hermite %p integrates y^m e^-y² to Γ((m+1)/2) for m < 2n", (n) => {
    const { nodes, weights } = gaussHermite(n);
    for (let m = 0; m < 2 * n; m++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += weights[k] * nodes[k] ** m;
      // odd moments vanish; even ones are Γ((m+1)/2) = √π (m-1)!!/2^(m/2)
      let exact = 0;
      if (m % 2 === 0) {
        exact = Math.sqrt(Math.PI);
        for (let j = 1; j < m; j += 2) exact *= j / 2;
      }
      const scale = m % 2 === 0 ? exact : Math.sqrt(Math.PI) * Math.pow(n, m / 2);
      expect(Math.abs(sum - exact) / scale).toBeLessThan(1e-13);
    }
  });
});
