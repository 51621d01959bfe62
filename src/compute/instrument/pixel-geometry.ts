/**
 * Every pixel's q, solid angle and pinhole resolution, seen from the centre of the sample.
 *
 * Geometry (exact): a pixel centre at (x, y) in the detector plane, distance L2 from the sample:
 *   r = √(x² + y²),  2θ = atan(r / L2),  q = 4π sin θ / λ,  (qx, qy) = q·(x, y)/r,
 *   Ω = A·cos α / R² = A·L2 / (L2² + r²)^{3/2}   (A the pixel area, R the distance to it).
 * λ is the mean wavelength at the sample (spectrum.ts: the selector triangle tilted by the source
 * spectrum), as a reduction would use the calibrated selector wavelength.
 *
 * Resolution (Mildner & Carpenter 1984, J. Appl. Cryst. 17, 249, for a pinhole camera; written
 * here for rectangular apertures and pixels). A neutron counted at detector position x_d came
 * from a source point x0 and a sample point x_s; the scattering angle it had is that of the
 * effective position x_d + x0·L2/L1 − x_s·(L1 + L2)/L1 seen from the sample. x0, x_s and x_d are
 * uniform over the source aperture (a1), the sample aperture (a2) and the pixel (Δ), so per
 * direction
 *   σ_x² = (L2/L1)²·a1²/12 + ((L1 + L2)/L1)²·a2²/12 + Δ²/12      (metres at the detector),
 * and the radial variance at azimuth φ is cos²φ·σ_x² + sin²φ·σ_y². It maps to q through
 * dq/dr = k cos θ · L2 / (L2² + r²); the wavelength adds q²·(σ_λ/λ)², with σ_λ/λ the exact standard
 * deviation of the spectrum (a 10 % FWHM triangle gives 0.1/√6 = 4.1 %, not the Gaussian 0.1/2.355).
 * The three are independent, so variances add; they are one-sigma Gaussian widths, as a reduced
 * curve's dQ is (the true shapes are trapezoids and triangles).
 */
import { columnLow, rowLow } from "./detector";
import { wavelengthMoments } from "./spectrum";
import type { InstrumentSettings } from "./types";
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { atan2, cos, pow, sin, sqrt } = Math;

export interface PixelGeometry {
  /** Row-major, as the image. */
  q: Float64Array;
  qx: Float64Array;
  qy: Float64Array;
  /** Azimuth of the pixel centre, degrees in (-180, 180], from +x towards +y. */
  azimuth: Float64Array;
  solidAngle: Float64Array;
  /** One-sigma q resolution of the pixel (geometry and wavelength; no binning), 1/Å. */
  dq: Float64Array;
  /** Mean wavelength and relative standard deviation at the sample. */
  wavelength: number;
  relativeWavelengthSigma: number;
}

export function pixelGeometry(instrument: InstrumentSettings): PixelGeometry {
  const d = instrument.detector;
  const L1 = instrument.collimationLength;
  const L2 = instrument.detectorDistance;
  const n = d.rows * d.columns;
  const { mean, relativeSigma } = wavelengthMoments(instrument);
  const k = (2 * Math.PI) / mean;
  const area = d.pixelWidth * d.pixelHeight;
  const m1 = L2 / L1;
  const m2 = (L1 + L2) / L1;
  const varX = (m1 * m1 * instrument.sourceAperture.width ** 2 + m2 * m2 * instrument.sampleAperture.width ** 2 + d.pixelWidth ** 2) / 12;
  const varY = (m1 * m1 * instrument.sourceAperture.height ** 2 + m2 * m2 * instrument.sampleAperture.height ** 2 + d.pixelHeight ** 2) / 12;
  const out: PixelGeometry = {
    q: new Float64Array(n),
    qx: new Float64Array(n),
    qy: new Float64Array(n),
    azimuth: new Float64Array(n),
    solidAngle: new Float64Array(n),
    dq: new Float64Array(n),
    wavelength: mean,
    relativeWavelengthSigma: relativeSigma,
  };
  for (let row = 0; row < d.rows; row++) {
    const y = rowLow(d, row) + d.pixelHeight / 2;
    for (let c = 0; c < d.columns; c++) {
      const x = columnLow(d, c) + d.pixelWidth / 2;
      const j = row * d.columns + c;
      const r2 = x * x + y * y;
      const r = sqrt(r2);
      const theta = atan2(r, L2) / 2;
      const q = 2 * k * sin(theta);
      out.q[j] = q;
      out.qx[j] = r > 0 ? (q * x) / r : 0;
      out.qy[j] = r > 0 ? (q * y) / r : 0;
      out.azimuth[j] = (atan2(y, x) * 180) / Math.PI;
      out.solidAngle[j] = (area * L2) / pow(L2 * L2 + r2, 1.5);
      const cos2 = r > 0 ? (x * x) / r2 : 1;
      const radialVariance = cos2 * varX + (1 - cos2) * varY;
      const dqdr = (k * cos(theta) * L2) / (L2 * L2 + r2);
      out.dq[j] = sqrt(dqdr * dqdr * radialVariance + q * q * relativeSigma * relativeSigma);
    }
  }
  return out;
}
