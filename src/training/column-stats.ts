/**
 * Column statistics and standardisation of row-major matrices: the architectures standardise
 * inputs and targets with the statistics of the training rows, and write them on the card.
 */

export interface ColumnStats {
  mean: Float64Array;
  std: Float64Array;
}

/** Column means and standard deviations (std 1 where a column is constant). */
export function columnStats(data: Float32Array, rows: number, cols: number): ColumnStats {
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c] / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) std[c] += (data[r * cols + c] - mean[c]) ** 2 / rows;
  for (let c = 0; c < cols; c++) std[c] = std[c] > 0 ? Math.sqrt(std[c]) : 1;
  return { mean, std };
}

export function standardiseRows(data: Float32Array, cols: number, stats: ColumnStats): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - stats.mean[i % cols]) / stats.std[i % cols];
  return out;
}
