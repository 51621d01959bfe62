/**
 * Singular value decomposition of a data set of curves (rows = curves, columns = q or theta
 * points), the feasibility analysis of the ML-inversion papers: singular values, the leading right
 * singular vectors, each curve's projections on them, and the fraction of the squared norm
 * ("variance" once centred) each one carries.
 *
 * Uses ml-matrix's SVD (Golub–Kahan, from JAMA). autoTranspose is on because that implementation
 * is only correct for rows >= columns; left vectors are not requested (scores are X V, which avoids
 * forming the rows x rows-sized U for data sets of thousands of curves).
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { AnalysisInputError } from "./analysis-input-error";

export interface DenseCurves {
  rows: number;
  cols: number;
  /** Row-major, length rows * cols. */
  data: Float64Array;
}

export interface CurveSvdOptions {
  /** How many leading components to return (1..min(rows, cols)). */
  components: number;
  /** Subtract each column's mean first (principal component analysis). Default false, as in the papers. */
  center?: boolean;
  /** Take log10 of every value first (all values must then be > 0). Applied before centring. */
  log10?: boolean;
}

export interface CurveSvd {
  /** All min(rows, cols) singular values, descending. */
  singularValues: Float64Array;
  /** The first `components` right singular vectors (length cols each), sign fixed so the entry of largest magnitude is positive. */
  components: Float64Array[];
  /** Per curve, its projections on the components (length `components` each): the row of U Sigma. */
  scores: Float64Array[];
  /** sigma_i^2 / sum_j sigma_j^2 for every singular value (same length as singularValues). */
  explainedVariance: Float64Array;
  /** Column means subtracted (after log10), or null when not centred; needed to project new curves. */
  columnMean: Float64Array | null;
}

export function curveSvd(curves: Float64Array[] | DenseCurves, options: CurveSvdOptions): CurveSvd {
  const { rows, cols, data } = toDense(curves);
  const maxComponents = Math.min(rows, cols);
  if (!Number.isInteger(options.components) || options.components < 1 || options.components > maxComponents) {
    throw new AnalysisInputError("components", `must be an integer in 1..${maxComponents}, got ${options.components}`);
  }
  const values = Float64Array.from(data);
  if (options.log10) {
    for (let p = 0; p < values.length; p++) {
      if (!(values[p] > 0)) throw new AnalysisInputError(cellName(curves, p, cols), `log10 needs positive values, got ${values[p]}`);
      values[p] = Math.log10(values[p]);
    }
  }
  let columnMean: Float64Array | null = null;
  if (options.center) {
    columnMean = new Float64Array(cols);
    for (let p = 0; p < values.length; p++) columnMean[p % cols] += values[p];
    for (let c = 0; c < cols; c++) columnMean[c] /= rows;
    for (let p = 0; p < values.length; p++) values[p] -= columnMean[p % cols];
  }

  const matrix = new Matrix(rows, cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) matrix.set(r, c, values[r * cols + c]);
  const svd = new SingularValueDecomposition(matrix, { autoTranspose: true, computeLeftSingularVectors: false });
  const singularValues = Float64Array.from(svd.diagonal.slice(0, maxComponents));
  const right = svd.rightSingularVectors;

  const components: Float64Array[] = [];
  for (let k = 0; k < options.components; k++) {
    const vector = new Float64Array(cols);
    for (let c = 0; c < cols; c++) vector[c] = right.get(c, k);
    components.push(withDeterministicSign(vector));
  }
  const scores: Float64Array[] = [];
  for (let r = 0; r < rows; r++) {
    const score = new Float64Array(options.components);
    for (let k = 0; k < options.components; k++) {
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += values[r * cols + c] * components[k][c];
      score[k] = dot;
    }
    scores.push(score);
  }
  let total = 0;
  for (const s of singularValues) total += s * s;
  const explainedVariance = singularValues.map((s) => (total > 0 ? (s * s) / total : 0));
  return { singularValues, components, scores, explainedVariance, columnMean };
}

/** A singular vector is defined up to sign; flip it so its largest-magnitude entry (first on ties) is positive. */
function withDeterministicSign(vector: Float64Array): Float64Array {
  let largest = 0;
  for (let c = 1; c < vector.length; c++) if (Math.abs(vector[c]) > Math.abs(vector[largest])) largest = c;
  if (vector[largest] < 0) for (let c = 0; c < vector.length; c++) vector[c] = -vector[c];
  return vector;
}

function toDense(curves: Float64Array[] | DenseCurves): DenseCurves {
  if (Array.isArray(curves)) {
    if (curves.length === 0) throw new AnalysisInputError("curves", "at least one curve is needed");
    const cols = curves[0].length;
    if (cols === 0) throw new AnalysisInputError("curves[0]", "curves must have at least one point");
    const data = new Float64Array(curves.length * cols);
    curves.forEach((curve, r) => {
      if (curve.length !== cols) throw new AnalysisInputError(`curves[${r}]`, `has ${curve.length} points, curves[0] has ${cols} (ragged input)`);
      for (let c = 0; c < cols; c++) {
        if (!Number.isFinite(curve[c])) throw new AnalysisInputError(`curves[${r}][${c}]`, `must be finite, got ${curve[c]}`);
        data[r * cols + c] = curve[c];
      }
    });
    return { rows: curves.length, cols, data };
  }
  const { rows, cols, data } = curves;
  if (!Number.isInteger(rows) || rows < 1) throw new AnalysisInputError("rows", `must be a positive integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1) throw new AnalysisInputError("cols", `must be a positive integer, got ${cols}`);
  if (data.length !== rows * cols) throw new AnalysisInputError("data", `has ${data.length} values, rows * cols = ${rows * cols}`);
  for (let p = 0; p < data.length; p++) {
    if (!Number.isFinite(data[p])) throw new AnalysisInputError(`data[${p}]`, `must be finite, got ${data[p]}`);
  }
  return { rows, cols, data };
}

function cellName(curves: Float64Array[] | DenseCurves, index: number, cols: number): string {
  return Array.isArray(curves) ? `curves[${Math.floor(index / cols)}][${index % cols}]` : `data[${index}]`;
}
