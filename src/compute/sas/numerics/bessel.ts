/**
 * 2 J1(x)/x for cylinders. Cylinder orientation averages call it millions of times per curve, so we
 * tabulate it once (with its derivative -2 J2(x)/x) on [0, 32] and interpolate by cubic Hermite
 * (error < 1e-11 absolute); beyond 32 we use Hankel's asymptotic expansion, whose smallest term there
 * is below 1e-25. Table values come from the exact periodic-trapezoid form of Bessel's integral
 * J_n(x) = (1/2π) ∫ cos(x sin t - n t) dt, which converges geometrically.
 */

const TABLE_MAX = 32;
const STEPS_PER_UNIT = 128;
const H = 1 / STEPS_PER_UNIT;
const TABLE_N = TABLE_MAX * STEPS_PER_UNIT + 1;

/**
 * Per interval [i h, (i + 1) h] the Hermite cubic through the values and slopes at its ends, written
 * as c0 + t (c1 + t (c2 + t c3)) in t = x/h - i (four adjacent numbers per interval): the same
 * polynomial, evaluated with three multiply-adds and one cache line instead of the Hermite basis.
 */
let cubic: Float64Array | null = null;

/** Bessel J_n(x) by the trapezoid rule over a full period (exact to rounding for |x| < ~60). */
export function besselJ(n: number, x: number): number {
  const m = 160;
  let sum = 0;
  for (let k = 0; k < m; k++) {
    const t = (2 * Math.PI * k) / m;
    sum += Math.cos(x * Math.sin(t) - n * t);
  }
  return sum / m;
}

function buildTable(): Float64Array {
  const values = new Float64Array(TABLE_N);
  const slopes = new Float64Array(TABLE_N);
  values[0] = 1;
  slopes[0] = 0;
  for (let i = 1; i < TABLE_N; i++) {
    const x = i * H;
    values[i] = (2 * besselJ(1, x)) / x;
    slopes[i] = (-2 * besselJ(2, x)) / x;
  }
  const table = new Float64Array(4 * TABLE_N);
  for (let i = 0; i + 1 < TABLE_N; i++) {
    const v0 = values[i];
    const v1 = values[i + 1];
    const d0 = H * slopes[i];
    const d1 = H * slopes[i + 1];
    table[4 * i] = v0;
    table[4 * i + 1] = d0;
    table[4 * i + 2] = 3 * (v1 - v0) - 2 * d0 - d1;
    table[4 * i + 3] = 2 * (v0 - v1) + d0 + d1;
  }
  return table;
}

/** Hankel asymptotic J1(x) for large x. */
function besselJ1Asymptotic(x: number): number {
  const mu = 4;
  const inv8x = 1 / (8 * x);
  let p = 1;
  let qsum = 0;
  let term = 1;
  // term_k = prod_{j=1..k} (mu - (2j-1)^2) / (k! (8x)^k); P takes even k with alternating sign, Q odd k.
  for (let k = 1; k < 40; k++) {
    const odd = 2 * k - 1;
    const next = (term * (mu - odd * odd) * inv8x) / k;
    if (Math.abs(next) > Math.abs(term) && k > 2) break;
    term = next;
    if (Math.abs(term) < 1e-18) break;
    if (k % 2 === 1) qsum += (k % 4 === 1 ? 1 : -1) * term;
    else p += (k % 4 === 2 ? -1 : 1) * term;
  }
  const s = Math.sin(x);
  const c = Math.cos(x);
  const cosChi = (s - c) * Math.SQRT1_2; // cos(x - 3π/4)
  const sinChi = -(s + c) * Math.SQRT1_2; // sin(x - 3π/4)
  return Math.sqrt(2 / (Math.PI * x)) * (p * cosChi - qsum * sinChi);
}

/** 2 J1(x)/x, equal to 1 at x = 0 (even in x). */
export function cylinderAmplitude(xIn: number): number {
  const x = xIn < 0 ? -xIn : xIn;
  if (x < TABLE_MAX) {
    const table = cubic ?? (cubic = buildTable());
    const u = x * STEPS_PER_UNIT;
    const i = u | 0;
    const t = u - i;
    const k = 4 * i;
    return table[k] + t * (table[k + 1] + t * (table[k + 2] + t * table[k + 3]));
  }
  return (2 * besselJ1Asymptotic(x)) / x;
}

/** Force the table to be built now (benchmarks call this outside the timed region). */
export function warmCylinderAmplitude(): void {
  cubic ??= buildTable();
}
