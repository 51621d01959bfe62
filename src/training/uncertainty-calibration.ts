/**
 * Calibration of a network's stated uncertainty on held-out residuals (pure numbers).
 *
 * A network's own spread s (the hard-sphere VAE's latent variance pushed through converter 2) can
 * be far smaller than its error and vary by orders of magnitude between curves with no relation to
 * it. The calibrated uncertainty is sigma = sqrt(floor² + (scale·s)²): a per-target floor and a
 * per-target scale of the network's own spread, fitted by Gaussian maximum likelihood on the
 * residuals r of the validation curves. Writing sigma² = k·((1 - λ) + λ·s²/mean(s²)), the best k
 * for a given λ is mean(r²/g) (so mean z² = 1 on those curves exactly), and λ in [0, 1] is chosen
 * on a fine logistic grid: λ = 0 is a constant uncertainty (the spread carries no information), λ = 1 a
 * pure rescaling of it.
 */

export interface UncertaintyCalibration {
  /** Uncertainty that does not depend on the network's spread (same units as the residuals). */
  floor: number;
  /** Factor on the network's own spread. */
  scale: number;
}

/** The calibrated uncertainty of a spread. */
export function calibrated(spread: number, c: UncertaintyCalibration): number {
  return Math.sqrt(c.floor * c.floor + c.scale * c.scale * spread * spread);
}

/** λ = 0, 1 and a logistic grid between (fine near both ends, where floor or scale is tiny). */
const LAMBDAS = [0, 1, ...Array.from({ length: 401 }, (_, i) => 1 / (1 + 10 ** (-10 + i / 20)))];

/** Fit floor and scale on residuals and the network's spreads of the same rows (finite values only). */
export function fitCalibration(residuals: ArrayLike<number>, spreads: ArrayLike<number>): UncertaintyCalibration {
  const r2: number[] = [];
  const s2: number[] = [];
  for (let i = 0; i < residuals.length; i++) {
    if (Number.isFinite(residuals[i]) && Number.isFinite(spreads[i]) && spreads[i] >= 0) {
      r2.push(residuals[i] ** 2);
      s2.push(spreads[i] ** 2);
    }
  }
  const n = r2.length;
  if (n === 0) throw new RangeError("no finite residuals to calibrate an uncertainty on");
  const meanS2 = s2.reduce((a, b) => a + b, 0) / n;
  // A residual of exactly 0 everywhere would give sigma 0; keep it positive (a served sigma must be).
  const tiny = 1e-30;
  let best = { nll: Infinity, k: 0, lambda: 0 };
  for (const lambda of meanS2 > 0 ? LAMBDAS : [0]) {
    let k = 0;
    let logG = 0;
    let usable = true;
    for (let i = 0; i < n; i++) {
      const g = 1 - lambda + (meanS2 > 0 ? (lambda * s2[i]) / meanS2 : 0);
      if (!(g > 0)) {
        usable = false; // a zero spread cannot carry a pure rescaling
        break;
      }
      k += r2[i] / g / n;
      logG += Math.log(g) / n;
    }
    if (!usable) continue;
    k = Math.max(k, tiny);
    const nll = Math.log(k) + logG; // mean negative log-likelihood up to constants, at mean z² = 1
    if (nll < best.nll) best = { nll, k, lambda };
  }
  return {
    floor: Math.sqrt(best.k * (1 - best.lambda)),
    scale: meanS2 > 0 ? Math.sqrt((best.k * best.lambda) / meanS2) : 0,
  };
}
