/**
 * Single-chain scattering function S(q) of a semiflexible (worm-like) chain of contour length L and Kuhn
 * length b with excluded volume: Pedersen & Schurtenberger, Macromolecules 29, 7602 (1996), "method 3
 * with excluded volume", with the corrections of Chen, Butler & Magid, Langmuir 22, 6539 (2006), as
 * sasmodels applies them (w and 1 - w swapped in eq. 13; q0 = max(1.9/Rg, 3) for short chains; a
 * correction term that keeps S positive). S(0) = 1.
 *
 * Long chains (L > 4b):
 *   q b ≤ 3.1   S = t9(x) + D(x²)(1 - w(x)) + w(x) E(x)  while that falls with q, else t9(x) + D(x²)(1 - w(x)),
 *               x = q Rg; D is Debye's coil function, E(x) = C1 x^(-1/ν) + C2 x^(-2/ν) + C3 x^(-3/ν) the
 *               excluded-volume coil's tail, w(x) = [1 + tanh((x - C4)/C5)]/2, t9 the Chen correction;
 *   q b > 3.1   S = a1 (qb)^(-p1) + a2 (qb)^(-p2) + π/(qL), the rod-like tail, with a1, a2 such that S and
 *               dS/dq are continuous at q b = 3.1 (the corrected eqs. 23-24; solved here as a 2×2 system
 *               with the analytic derivative, rather than from printed closed forms).
 * Short chains (L ≤ 4b): Debye's function at Benoit-Doty's Rg below q b = q0 = max(1.9/Rg, 3), and the
 * same kind of matched tail (exponents 5.36, 5.62) above it.
 * The branches meet only approximately (a few % at L = 4b and L = 10b: the published model's own seams).
 */

// Pedersen's fitted constants (eqs. 13, 16) and the tail exponents (eqs. 23-27)
const C1 = 1.22;
const C2 = 0.4288;
const C3 = -1.651;
const C4 = 1.523;
const C5 = 0.1477;
const NU = 0.585;
const P1_LONG = 4.12;
const P2_LONG = 4.42;
const P1_SHORT = 5.36;
const P2_SHORT = 5.62;
/** q b where long chains switch to the rod-like tail. */
const Q0_LONG = 3.1;

/** Rg² of the excluded-volume chain: (L b/6) [1 + (x/3.12)² + (x/8.67)³]^(0.176/3), x = L/b (eq. 15). */
export function radiusOfGyrationSquared(length: number, kuhn: number): number {
  const x = length / kuhn;
  const swell = Math.pow(1 + (x / 3.12) ** 2 + (x / 8.67) ** 3, 0.176 / 3);
  return (swell * length * kuhn) / 6;
}

/** Rg² with Benoit and Doty's finite-chain factor 1 - 3/(2n) + 3/(2n²) - 3(1 - e^(-2n))/(4n³), n = L/b. */
export function radiusOfGyrationSquaredShort(length: number, kuhn: number): number {
  const r = kuhn / length;
  return radiusOfGyrationSquared(length, kuhn) * (1 + r * (-1.5 + r * (1.5 + r * 0.75 * Math.expm1(-2 / r))));
}

/** Debye's function 2(e^(-u) + u - 1)/u² (u = q² Rg²) and its derivative in u. */
function debye(u: number): number {
  if (u < 0.25) {
    // 2 Σ (-u)^k/(k+2)!: the closed form cancels here
    let term = 0.5; // (-u)^k/(k+2)!
    let sum = 0;
    for (let k = 0; k < 16; k++) {
      sum += term;
      term *= -u / (k + 3);
    }
    return 2 * sum;
  }
  return (2 * (Math.expm1(-u) + u)) / (u * u);
}

function debyeDerivative(u: number): number {
  if (u < 0.25) {
    // 2 Σ k (-1)^k u^(k-1)/(k+2)!
    let sum = 0;
    let power = 1; // (-u)^(k-1)
    let factorial = 6; // (k+2)!
    for (let k = 1; k < 17; k++) {
      sum -= (k * power) / factorial;
      power *= -u;
      factorial *= k + 3;
    }
    return 2 * sum;
  }
  const e = Math.exp(-u);
  return (2 * (1 - e)) / (u * u) - (4 * (Math.expm1(-u) + u)) / (u * u * u);
}

/** Crossover w(x) and dw/dx. */
const crossover = (x: number) => 0.5 + 0.5 * Math.tanh((x - C4) / C5);
const crossoverDerivative = (x: number) => 1 / (2 * C5 * Math.cosh((x - C4) / C5) ** 2);

/** Excluded-volume tail E(x) and dE/dx. */
function tail(x: number): number {
  const y = Math.pow(x, -1 / NU);
  return ((C3 * y + C2) * y + C1) * y;
}
function tailDerivative(x: number): number {
  const y = Math.pow(x, -1 / NU);
  return (-((3 * C3 * y + 2 * C2) * y + C1) * y) / (NU * x);
}

/** q-independent numbers of one chain. */
export interface WormLikeChain {
  length: number;
  kuhn: number;
  long: boolean;
  /** Rg of the branch in use (excluded-volume chain, or Benoit-Doty for short ones). */
  rg: number;
  /** Chen's prefactor C b/L of the correction term, C = 3.06 (L/b)^(-0.44) beyond L = 10 b. */
  correction: number;
  /** q b where the tail takes over, and its amplitudes at (q b/q0)^(-p). */
  q0: number;
  p1: number;
  p2: number;
  a1: number;
  a2: number;
}

/**
 * Chen's correction t9(x) = C (b/L) [4 - e^(-x²)(11 + 7/x²) + 7/x²]/15 and its derivative; written with
 * expm1 so that it goes to 0 like x² without the cancellation of the 7/x² terms (sasmodels' form loses
 * ~1e-9 of S at q Rg = 1e-5).
 */
function correctionTerm(chain: WormLikeChain, x: number): number {
  const u = x * x;
  return (chain.correction * (4 - 11 * Math.exp(-u) - (7 * Math.expm1(-u)) / u)) / 15;
}
function correctionDerivative(chain: WormLikeChain, x: number): number {
  const x2 = x * x;
  const e = Math.exp(-x2);
  return (chain.correction * (2 * x * e * (11 + 7 / x2) + (14 * e) / (x2 * x) - 14 / (x2 * x))) / 15;
}

/** Pedersen's eq. 13 as corrected: Debye below the crossover, the excluded-volume tail above. */
function excludedVolumeCoil(x: number): number {
  const w = crossover(x);
  return debye(x * x) * (1 - w) + w * tail(x);
}

/** Build the chain's constants, the tail amplitudes included. */
export function wormLikeChain(length: number, kuhn: number): WormLikeChain {
  const long = length > 4 * kuhn;
  const ratio = length / kuhn;
  const chain: WormLikeChain = {
    length,
    kuhn,
    long,
    rg: Math.sqrt(long ? radiusOfGyrationSquared(length, kuhn) : radiusOfGyrationSquaredShort(length, kuhn)),
    correction: ((ratio > 10 ? 3.06 * Math.pow(ratio, -0.44) : 1) * kuhn) / length,
    q0: 0,
    p1: long ? P1_LONG : P1_SHORT,
    p2: long ? P2_LONG : P2_SHORT,
    a1: 0,
    a2: 0,
  };
  chain.q0 = long ? Q0_LONG : Math.max(1.9 / chain.rg, 3);
  // value and slope of the low-q form at q* = q0/b, in x = q* Rg
  const qStar = chain.q0 / kuhn;
  const x = qStar * chain.rg;
  let value: number;
  let slope: number; // dS/dq
  if (long) {
    const w = crossover(x);
    const dw = crossoverDerivative(x);
    value = correctionTerm(chain, x) + excludedVolumeCoil(x);
    const dCoil = 2 * x * debyeDerivative(x * x) * (1 - w) - debye(x * x) * dw + dw * tail(x) + w * tailDerivative(x);
    slope = chain.rg * (correctionDerivative(chain, x) + dCoil);
  } else {
    value = debye(x * x);
    slope = chain.rg * 2 * x * debyeDerivative(x * x);
  }
  // A1 + A2 = g and p1 A1 + p2 A2 = -q* dg/dq, g = S - π/(qL): S and its slope continue into the tail
  const g = value - Math.PI / (qStar * length);
  const h = -qStar * (slope + Math.PI / (qStar * qStar * length));
  chain.a2 = (h - chain.p1 * g) / (chain.p2 - chain.p1);
  chain.a1 = g - chain.a2;
  return chain;
}

/** S(q) of the chain (normalised to 1 at q = 0). */
export function wormLikeChainS(q: number, chain: WormLikeChain): number {
  const qb = q * chain.kuhn;
  if (qb > chain.q0) {
    const t = qb / chain.q0;
    return chain.a1 * Math.pow(t, -chain.p1) + chain.a2 * Math.pow(t, -chain.p2) + Math.PI / (q * chain.length);
  }
  const x = q * chain.rg;
  if (!chain.long) return debye(x * x);
  // Chen's rule: keep the excluded-volume tail only while it makes S fall (a finite-difference slope over 5 % in q)
  const coil = excludedVolumeCoil(x);
  const falling = excludedVolumeCoil(1.05 * x) - coil < 0;
  return correctionTerm(chain, x) + (falling ? coil : debye(x * x) * (1 - crossover(x)));
}
