/**
 * evaluate2D(expression, params, qx, qy): I(qx, qy) in 1/cm on a detector grid — qy rows, qx
 * columns, row-major — with sasmodels' orientation conventions.
 *
 * Orientation. The beam is along z and the detector plane holds q = (qx, qy, 0). A particle's axis c
 * points along (sin θ cos φ, sin θ sin φ, cos θ); its axis a is e_θ turned by ψ about c towards e_φ,
 * and b = c × a. q in the particle frame is then
 *     q_abc = Rz(-dψ) Ry(-dθ) Rx(-dφ) · Rz(-ψ) Ry(-θ) Rz(-φ) · q,
 * where (dθ, dφ, dψ) is the orientation jitter: theta_pd, phi_pd, psi_pd are absolute widths in
 * degrees of distributions about 0 (sasmodels' jitter), sampled like size dispersion, and each
 * jitter point's weight carries |cos dθ| (sasmodels' default equirectangular projection, so that a
 * wide jitter covers the sphere evenly).
 *
 * I = scale · Σ w |F(q_abc)|² / Σ w V_shell + background over the size mesh × the jitter mesh, as the 1D
 * average normalises by <V>. Models without an oriented kernel are isotropic: I(qx, qy) = I(|q|),
 * through the 1D evaluation (so P@S and beta work there as in 1D). An oriented P@S multiplies by
 * S(|q|) at the mean effective radius (the decoupling approximation sasmodels' 2D products use);
 * the beta approximation is not defined there.
 */
import { SasInputError } from "./errors";
import { averageForm } from "./form-average";
import { checkKeys, evaluate, readModel, readNumber, structureFactorModeOf, withCurrentNames, type Params } from "./evaluate";
import { DISTRIBUTION_TYPES, jitterWeights, type DistributionType, type WeightPoints } from "./polydispersity";
import { compileExpression, defaultRadiusEffectiveMode, type CompiledExpression, type CompiledParameter } from "./registry";
import { pinhole2D, resolutionPoints, type Resolution2D } from "./resolution-2d";
import { uniformStep } from "./numerics/sin-row";
import type { DetectorRow, OrientedKernel, ScatteringModelDefinition } from "./types";

export interface Evaluation2D {
  /** Row-major [qy.length, qx.length]: I[iy * qx.length + ix] at (qx[ix], qy[iy]). */
  I: Float64Array;
  shape: [number, number];
}

const DEG = Math.PI / 180;
/** Angles in sasmodels' parameter order for the jitter mesh. */
const ANGLES = ["theta", "phi", "psi"] as const;
type Angle = (typeof ANGLES)[number];

/** The first two columns of a rotation (q has no z component on the detector): q_abc = M · (qx, qy). */
interface Projection {
  a: [number, number];
  b: [number, number];
  c: [number, number];
}

type Matrix = [number, number, number, number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  const out = new Array<number>(9) as Matrix;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[3 * i + j] = m[3 * i] * n[j] + m[3 * i + 1] * n[3 + j] + m[3 * i + 2] * n[6 + j];
  return out;
}

/** Passive rotations: the coordinates of a fixed vector in axes turned by +angle about x, y or z. */
function rx(t: number): Matrix {
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [1, 0, 0, 0, c, s, 0, -s, c];
}
function ry(t: number): Matrix {
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [c, 0, -s, 0, 1, 0, s, 0, c];
}
function rz(t: number): Matrix {
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [c, s, 0, -s, c, 0, 0, 0, 1];
}

/** The detector-to-particle projection for view (θ, φ, ψ) and jitter (dθ, dφ, dψ), all in degrees. */
export function particleProjection(theta: number, phi: number, psi: number, dtheta = 0, dphi = 0, dpsi = 0): Projection {
  const view = multiply(rz(psi * DEG), multiply(ry(theta * DEG), rz(phi * DEG)));
  const jitter = multiply(rz(dpsi * DEG), multiply(ry(dtheta * DEG), rx(dphi * DEG)));
  const m = multiply(jitter, view);
  return { a: [m[0], m[1]], b: [m[3], m[4]], c: [m[6], m[7]] };
}

interface Jitter {
  angle: Angle;
  points: WeightPoints;
}

function readJitter(params: Params, p: CompiledParameter): WeightPoints | null {
  const pd = p.pd;
  if (!pd) return null;
  const width = readNumber(params, pd.width, 0, 0, 360);
  const n = readNumber(params, pd.points, 35, 0, 10000);
  const nsigma = readNumber(params, pd.nsigma, 3, 0, Number.POSITIVE_INFINITY);
  if (!Number.isInteger(n)) throw new SasInputError(`parameter "${pd.points}" must be an integer (got ${n})`, pd.points);
  const typeRaw = params[pd.type] ?? "gaussian";
  if (typeof typeRaw !== "string" || !(DISTRIBUTION_TYPES as readonly string[]).includes(typeRaw)) {
    throw new SasInputError(`parameter "${pd.type}" must be one of ${DISTRIBUTION_TYPES.join(", ")} (got ${JSON.stringify(typeRaw)})`, pd.type);
  }
  if (width === 0 || n < 2) return null;
  try {
    return jitterWeights(typeRaw as DistributionType, width, n, nsigma, p.spec.limits[0], p.spec.limits[1]);
  } catch (err) {
    if (err instanceof SasInputError) throw new SasInputError(`${pd.type}: ${err.message}`, pd.type);
    throw err;
  }
}

function checkAxis(values: Float64Array, name: "qx" | "qy"): void {
  if (!(values instanceof Float64Array) || values.length === 0) throw new SasInputError(`${name} must be a non-empty Float64Array (1/Å)`, name);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new SasInputError(`${name}[${i}] = ${values[i]}: every ${name} must be finite (1/Å)`, name);
  }
}

/** Refuse the direct beam: q = 0 has no direction and no 1D value. */
function checkDirectBeam(qx: Float64Array, qy: Float64Array): void {
  const ix = qx.findIndex((v) => v === 0);
  const iy = qy.findIndex((v) => v === 0);
  if (ix >= 0 && iy >= 0) throw new SasInputError(`the pixel (qx[${ix}], qy[${iy}]) is the direct beam (q = 0): leave it out of the grid or mask it`, "qx");
}

/** |q| of every point. */
function pointQ(x: Float64Array, y: Float64Array): Float64Array {
  const q = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) q[i] = Math.sqrt(x[i] * x[i] + y[i] * y[i]);
  return q;
}

/** The orientation jitter mesh: every (dθ, dφ, dψ) with its weight, |cos dθ| included. */
function jitterMesh(jitters: Jitter[]): JitterPoint[] {
  let mesh = [{ angles: { theta: 0, phi: 0, psi: 0 } as Record<Angle, number>, weight: 1 }];
  for (const j of jitters) {
    const next: typeof mesh = [];
    for (const m of mesh) {
      for (let k = 0; k < j.points.values.length; k++) {
        next.push({ angles: { ...m.angles, [j.angle]: j.points.values[k] }, weight: m.weight * j.points.weights[k] });
      }
    }
    mesh = next;
  }
  return mesh.map((m) => ({ ...m, weight: m.weight * Math.abs(Math.cos(m.angles.theta * DEG)) })).filter((m) => m.weight > 0);
}

/** The flattened detector: qx and qy of every pixel, row-major. */
function pixels(qx: Float64Array, qy: Float64Array): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(qx.length * qy.length);
  const y = new Float64Array(x.length);
  for (let iy = 0; iy < qy.length; iy++) {
    x.set(qx, iy * qx.length);
    y.fill(qy[iy], iy * qx.length, (iy + 1) * qx.length);
  }
  return { x, y };
}

/**
 * Where a pattern is computed: scattered points (resolution samples), or a detector grid whose qx
 * is equally spaced (dx), which kernels with a row form walk row by row without flattening.
 */
type Geometry = { kind: "points"; x: Float64Array; y: Float64Array } | { kind: "grid"; qx: Float64Array; qy: Float64Array; dx: number };

function pointCount(g: Geometry): number {
  return g.kind === "points" ? g.x.length : g.qx.length * g.qy.length;
}

function flatten(g: Geometry): { x: Float64Array; y: Float64Array } {
  return g.kind === "points" ? g : pixels(g.qx, g.qy);
}

/** |q| of every point (row-major on a grid). */
function geometryQ(g: Geometry): Float64Array {
  if (g.kind === "points") return pointQ(g.x, g.y);
  const { qx, qy } = g;
  const q = new Float64Array(qx.length * qy.length);
  for (let iy = 0, k = 0; iy < qy.length; iy++) for (let ix = 0; ix < qx.length; ix++, k++) q[k] = Math.sqrt(qx[ix] * qx[ix] + qy[iy] * qy[iy]);
  return q;
}

type JitterPoint = { angles: Record<Angle, number>; weight: number };
type SizePoint = { values: Float64Array; weight: number };

/** Every pixel through the kernel's whole-array form: one projection pass per orientation. */
function pointSums(
  kernel: OrientedKernel,
  { x, y }: { x: Float64Array; y: Float64Array },
  view: Record<Angle, number>,
  jitter: JitterPoint[],
  sizes: SizePoint[],
  factor: number,
  f2: Float64Array,
): void {
  const n = x.length;
  const qa = new Float64Array(n);
  const qb = kernel.symmetry === "triaxial" ? new Float64Array(n) : qa;
  const qc = new Float64Array(n);
  // |q|² of every pixel, for the axial projection below (q has no z component).
  const q2 = new Float64Array(n);
  for (let i = 0; i < n; i++) q2[i] = x[i] * x[i] + y[i] * y[i];
  for (const j of jitter) {
    const { a, b, c } = particleProjection(view.theta, view.phi, view.psi, j.angles.theta, j.angles.phi, j.angles.psi);
    const [c0, c1] = c;
    if (kernel.symmetry === "axial") {
      // qc along the axis, |q_ab| = sqrt(|q|² - qc²) across it: one pass.
      for (let i = 0; i < n; i++) {
        const along = c0 * x[i] + c1 * y[i];
        qc[i] = along;
        const across = q2[i] - along * along;
        qa[i] = across > 0 ? Math.sqrt(across) : 0;
      }
      for (const s of sizes) kernel.accumulate(qa, qc, s.values, s.weight * j.weight * factor, f2);
    } else {
      const [a0, a1] = a;
      const [b0, b1] = b;
      for (let i = 0; i < n; i++) {
        qa[i] = a0 * x[i] + a1 * y[i];
        qb[i] = b0 * x[i] + b1 * y[i];
        qc[i] = c0 * x[i] + c1 * y[i];
      }
      for (const s of sizes) kernel.accumulate(qa, qb, qc, s.values, s.weight * j.weight * factor, f2);
    }
  }
}

/**
 * A detector grid row by row through the kernel's row form: nothing flattened, and the projection
 * is two numbers per row.
 */
function gridSums(
  accumulateRow: NonNullable<OrientedKernel["accumulateRow"]>,
  { qx, qy, dx }: { qx: Float64Array; qy: Float64Array; dx: number },
  view: Record<Angle, number>,
  jitter: JitterPoint[],
  sizes: SizePoint[],
  factor: number,
  f2: Float64Array,
): void {
  const nx = qx.length;
  const row: DetectorRow = { x: qx, y: 0, dx, a0: 0, a1: 0, b0: 0, b1: 0, c0: 0, c1: 0 };
  for (const j of jitter) {
    const { a, b, c } = particleProjection(view.theta, view.phi, view.psi, j.angles.theta, j.angles.phi, j.angles.psi);
    [row.a0, row.a1] = a;
    [row.b0, row.b1] = b;
    [row.c0, row.c1] = c;
    // Sizes outside rows: a kernel's per-size tables (phase steps) then serve every row.
    for (const s of sizes) {
      const weight = s.weight * j.weight * factor;
      for (let iy = 0; iy < qy.length; iy++) {
        row.y = qy[iy];
        accumulateRow(row, s.values, weight, f2, iy * nx);
      }
    }
  }
}

/**
 * factorOf(<V_shell>) · <|F|²> per pixel over the jitter × size mesh, and the mesh's mean volumes.
 * Jitter outside, sizes inside: the projected q components are computed once per orientation and
 * shared by every size.
 */
function orientedSums(
  def: ScatteringModelDefinition & { oriented: OrientedKernel },
  compiled: CompiledExpression,
  params: Params,
  geometry: Geometry,
  radiusMode: number,
  factorOf: (shellVolume: number) => number,
): { f2: Float64Array; formVolume: number; shellVolume: number; radiusEffective: number } {
  const form = readModel(params, compiled.formParameters);
  const byName = new Map(compiled.formParameters.map((p, i) => [p.spec.name, i]));
  const view: Record<Angle, number> = { theta: 0, phi: 0, psi: 0 };
  const jitters: Jitter[] = [];
  for (const angle of ANGLES) {
    const index = byName.get(angle);
    if (index === undefined) continue;
    view[angle] = form.values[index];
    const points = readJitter(params, compiled.formParameters[index]);
    if (points) jitters.push({ angle, points });
  }
  const jitter = jitterMesh(jitters);
  const n = pointCount(geometry);
  const f2 = new Float64Array(n);
  const point = Float64Array.from(form.values);
  const dims = form.dims;
  const counters = new Int32Array(dims.length);
  const meshSize = dims.reduce((k, d) => k * d.values.length, 1);
  const volumeOf = def.formVolume ?? (() => 1);
  const shellOf = def.shellVolume ?? volumeOf;
  const kernel = def.oriented;

  // Size weights and volumes (cheap: mesh size, not mesh × pixels).
  const sizes: SizePoint[] = [];
  let sizeWeight = 0;
  let formVolume = 0;
  let shellVolume = 0;
  let radiusEffective = 0;
  const radiusOf = radiusMode > 0 && def.radiusEffective ? def.radiusEffective : null;
  for (let m = 0; m < meshSize; m++) {
    let w = 1;
    for (let d = 0; d < dims.length; d++) {
      point[dims[d].index] = dims[d].values[counters[d]];
      w *= dims[d].weights[counters[d]];
    }
    if (w > 0) {
      sizes.push({ values: Float64Array.from(point), weight: w });
      sizeWeight += w;
      formVolume += w * volumeOf(point);
      shellVolume += w * shellOf(point);
      if (radiusOf) radiusEffective += w * radiusOf(radiusMode, point);
    }
    for (let d = 0; d < dims.length; d++) {
      if (++counters[d] < dims[d].values.length) break;
      counters[d] = 0;
    }
  }

  // Jitter weights are normalised per angle but |cos dθ| is not: divide by what is summed. The
  // caller's factor (of <V_shell>) goes into every weight too, so no pass over the pattern is needed.
  const jitterWeight = jitter.reduce((sum, j) => sum + j.weight, 0);
  const factor = factorOf(shellVolume / sizeWeight) / (sizeWeight * jitterWeight);
  if (geometry.kind === "grid" && kernel.accumulateRow) {
    gridSums(kernel.accumulateRow.bind(kernel), geometry, view, jitter, sizes, factor, f2);
  } else {
    pointSums(kernel, flatten(geometry), view, jitter, sizes, factor, f2);
  }
  return {
    f2,
    formVolume: formVolume / sizeWeight,
    shellVolume: shellVolume / sizeWeight,
    radiusEffective: radiusEffective / sizeWeight,
  };
}

export interface Evaluate2DOptions {
  /** Pinhole resolution per pixel (sasmodels' Pinhole2D); absent: none. */
  resolution?: Resolution2D;
}

/**
 * I(qx, qy) on a detector grid, with pinhole resolution when given (its arrays row-major, one value
 * per pixel).
 */
export function evaluate2D(
  expression: string,
  rawParams: Record<string, number | string>,
  qx: Float64Array,
  qy: Float64Array,
  options: Evaluate2DOptions = {},
): Evaluation2D {
  checkAxis(qx, "qx");
  checkAxis(qy, "qy");
  checkDirectBeam(qx, qy);
  const shape: [number, number] = [qy.length, qx.length];
  if (!options.resolution) {
    // An equally spaced qx (any detector) lets row-form kernels step along rows.
    const dx = uniformStep(qx);
    const geometry: Geometry = dx !== null ? { kind: "grid", qx, qy, dx } : { kind: "points", ...pixels(qx, qy) };
    return checked(evaluateGeometry(expression, rawParams, geometry), shape);
  }
  const { x, y } = pixels(qx, qy);
  const smearing = pinhole2D(x, y, options.resolution);
  return checked(smearing.apply(evaluateAtPoints(expression, rawParams, smearing.qx, smearing.qy)), shape);
}

/**
 * I at scattered detector points (x[i], y[i]) in 1/Å, none of them the direct beam: the core of
 * evaluate2D, also what resolution sampling asks for.
 */
export function evaluateAtPoints(expression: string, rawParams: Record<string, number | string>, x: Float64Array, y: Float64Array): Float64Array {
  return evaluateGeometry(expression, rawParams, { kind: "points", x, y });
}

function evaluateGeometry(expression: string, rawParams: Record<string, number | string>, geometry: Geometry): Float64Array {
  const compiled = compileExpression(expression);
  const params = withCurrentNames(expression, rawParams);
  checkKeys(params, compiled);
  const def = compiled.form;
  if (!def.oriented) return evaluate(expression, rawParams, geometryQ(geometry)).I;
  const oriented = def as ScatteringModelDefinition & { oriented: OrientedKernel };
  const [scaleInfo, backgroundInfo] = compiled.info.parameters;
  const scale = readNumber(params, "scale", scaleInfo.default, 0, Number.POSITIVE_INFINITY);
  const background = readNumber(params, "background", backgroundInfo.default, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  // A product's settings are checked before the pattern is computed (a refusal costs nothing).
  const structure = compiled.structure;
  let radiusMode = 0;
  if (structure) {
    if (structureFactorModeOf(compiled, params, {}) === "beta") {
      throw new SasInputError(
        `the beta approximation averages <F> over orientations, which a 2D pattern of ${def.name} keeps: use structure_factor_mode 0 (P·S) in 2D`,
        "structure_factor_mode",
      );
    }
    if (compiled.radiusEffectiveModeCount > 0) {
      radiusMode = readNumber(params, "radius_effective_mode", defaultRadiusEffectiveMode(compiled, params), 0, compiled.radiusEffectiveModeCount);
      if (!Number.isInteger(radiusMode))
        throw new SasInputError(`radius_effective_mode must be an integer in [0, ${compiled.radiusEffectiveModeCount}]`, "radius_effective_mode");
    }
  }
  const structureValues = structure ? readModel(params, compiled.structureParameters).values : null;
  const volfraction = structureValues ? structureValues[1] : 1;
  // I is written over factor·<F²> (a pattern is large: no second array).
  const sums = orientedSums(oriented, compiled, params, geometry, radiusMode, (shellVolume) => (scale * volfraction) / shellVolume);
  const I = sums.f2;
  if (!structure || !structureValues) {
    for (let i = 0; i < I.length; i++) I[i] += background;
    return I;
  }
  const sValues = Float64Array.from(structureValues);
  if (radiusMode > 0) sValues[0] = sums.radiusEffective;
  sValues[1] = volfraction * (sums.shellVolume !== 0 ? sums.formVolume / sums.shellVolume : 1);
  const S = averageForm(structure, geometryQ(geometry), sValues, [], false, 0).f2;
  for (let i = 0; i < I.length; i++) I[i] = I[i] * S[i] + background;
  return I;
}

function checked(I: Float64Array, shape: [number, number]): Evaluation2D {
  for (let i = 0; i < I.length; i++) {
    if (!Number.isFinite(I[i])) {
      throw new SasInputError(`I is not finite at pixel (qx[${i % shape[1]}], qy[${Math.floor(i / shape[1])}]): check the sizes and SLDs`);
    }
  }
  return { I, shape };
}

/**
 * Kernel evaluations evaluate2D will make (pixels × size mesh × jitter mesh, times the resolution's
 * points per pixel), for pricing before it runs.
 */
export function evaluation2DWork(expression: string, rawParams: Record<string, number | string>, pixelCount: number, resolution?: Resolution2D): number {
  const pixels = pixelCount * (resolution ? resolutionPoints(resolution) : 1);
  try {
    const compiled = compileExpression(expression);
    if (!compiled.form.oriented) return pixels;
    let points = 1;
    for (const p of compiled.formParameters) {
      if (!p.pd || !(p.polydisperse || p.spec.kind === "orientation")) continue;
      if (p.spec.kind === "orientation" && p.spec.name === "psi" && compiled.form.oriented.symmetry === "axial") continue;
      const width = rawParams[p.pd.width];
      const n = rawParams[p.pd.points] ?? 35;
      if (typeof width === "number" && width > 0 && typeof n === "number" && Number.isInteger(n) && n >= 2 && n <= 10000) points *= n;
    }
    return pixels * (points + (compiled.structure ? 1 : 0));
  } catch (err) {
    if (err instanceof SasInputError) return pixels;
    throw err;
  }
}
