/**
 * The contract of the virtual SANS instrument (paper 004: KWS-1 at FRM II simulated with McStas):
 * what an instrument setting is, what a sample is, and what one simulated detector image holds.
 * The Monte Carlo (beamline.ts), the presets, the reduction to I(Q), the catalogue's DetectorImage
 * and the virtual-experiment simulation kind all speak these types, so they live in one file.
 *
 * Conventions. The beam travels along +z; x is horizontal and y vertical as seen from the sample
 * looking at the detector. Detector images are row-major [rows, columns], rows along y and columns along
 * x, as the paper's n x 144 x 256 arrays.
 * Lengths of the beamline are in metres, wavelengths in Å, q in 1/Å, sample thickness in cm (so
 * that I in 1/cm times thickness is a probability per unit solid angle).
 */

/** A rectangular opening, full widths in metres. */
export interface Aperture {
  width: number;
  height: number;
}

/** The position-sensitive detector: pixel grid and the beam's position on it. */
export interface DetectorSpec {
  rows: number;
  columns: number;
  /** Pixel size along x (columns) and along y (rows), metres. */
  pixelWidth: number;
  pixelHeight: number;
  /** Where the direct beam hits, in fractional pixel coordinates (0.5 = centre of the first pixel). */
  beamCentreColumn: number;
  beamCentreRow: number;
}

/** A beamstop in front of the detector, centred on the direct beam: full width and height, metres. */
export type Beamstop = Aperture;

/** One instrument setting: everything the neutrons meet except the sample's scattering law. */
export interface InstrumentSettings {
  /** Mean wavelength of the velocity selector, Å. */
  wavelength: number;
  /** Relative FWHM of the selector's triangular wavelength distribution (0.1 = 10 %). */
  wavelengthSpread: number;
  /** Distance from the source (collimation) aperture to the sample aperture, metres. */
  collimationLength: number;
  sourceAperture: Aperture;
  sampleAperture: Aperture;
  /** Sample to detector distance, metres. */
  detectorDistance: number;
  detector: DetectorSpec;
  beamstop: Beamstop;
  /**
   * Temperature of the Maxwellian cold-source spectrum, K (default 25: FRM II's liquid-D2 cold source).
   * It only tilts the selector's triangle a little; see spectrum.ts.
   */
  sourceTemperature?: number;
}

/** The sample in the beam: a library model expression and its parameters (sasmodels names). */
export interface SampleSpec {
  /** A scattering-model expression of src/compute/sas ("sphere", "cylinder", "sphere@hardsphere"). */
  model: string;
  parameters: Record<string, number | string>;
  /** Thickness along the beam, cm. */
  thickness: number;
  /**
   * Transmission of the unscattered beam through the sample (absorption and all scattering out of
   * the beam), in (0, 1]. The scattered fraction is computed from the model; this is the rest.
   */
  transmission: number;
  /** Width of the sample (cell) across the beam, metres: neutrons outside it pass unscattered. */
  width: number;
}

/** A virtual experiment: instrument, sample and how many neutrons leave the source. */
export interface VirtualExperiment {
  instrument: InstrumentSettings;
  sample: SampleSpec;
  /** Neutrons leaving the source (the paper used 1e7). */
  neutrons: number;
  seed: number;
  /**
   * "importance" (default): every traced neutron path is scattered towards the detector with the
   * weight of its probability and the counts are Poisson draws from the expected image; "analog":
   * every neutron is followed as in nature (transmitted, scattered once or lost) and counted.
   */
  sampling?: SamplingMode;
  /** Importance sampling only: neutron paths traced (default min(neutrons, 1e7)); the expectation is scaled to `neutrons`. */
  paths?: number;
}

export type SamplingMode = "importance" | "analog";

/** One simulated detector image and what a reduction needs to put it on absolute scale. */
export interface DetectorImageData {
  /** Counts per pixel, row-major [rows, columns]; integers (Poisson draws). */
  counts: Float64Array;
  shape: [number, number];
  /** 1 where the pixel is masked (beamstop shadow, dead edge), else 0. */
  mask: Uint8Array;
  /** Neutrons that reached the sample position (the monitor), for absolute scale. */
  incident: number;
  /** Transmission applied to the unscattered beam. */
  transmission: number;
  /** Neutrons stopped by the beamstop (a drawn count, as the pixels). */
  beamstopCounts: number;
  sampling: SamplingMode;
  /**
   * Importance sampling: the Monte Carlo estimate of the expected counts per pixel, before the
   * Poisson draw (its own sampling error is far below the Poisson error; see beamline.ts). Analog: absent.
   */
  expected?: Float64Array;
}
