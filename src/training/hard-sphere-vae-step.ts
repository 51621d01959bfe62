/**
 * One training step of the hard-sphere VAE on the hand-written passes, free of tfjs so that a
 * worker thread can run it (hard-sphere-vae-shard-worker.ts): the stage loss and its gradients,
 * and the data-parallel split of a batch. A batch is always cut into the same two halves (shards)
 * and each half's gradient computed into its own buffer, then added half 0 + half 1: whether the
 * second half runs on this thread or on a worker, the sums and so the weights are the same bits.
 */
import {
  converter1Backward,
  converter1Forward,
  converter2Backward,
  converter2Forward,
  decodeBackward,
  decodeForward,
  encodeBackward,
  encodeForward,
  flatWeights,
  reparameterise,
  type NativeVae,
  type VaeGeometry,
  type Workspace,
} from "./hard-sphere-vae-native";

export type Part = "encoder" | "decoder" | "converter1" | "converter2";
export const PARTS: readonly Part[] = ["encoder", "decoder", "converter1", "converter2"];

/** What a stage runs: where z comes from, where it goes, which parts learn. */
export interface StagePath {
  source: "encoder" | "converter1";
  target: "decoder" | "converter2";
  trainable: Part[];
}

/**
 * One stage's loss and gradients on a batch. `latent` gives the source's mu and log s² for the batch
 * (a frozen encoder's come from the cache); `eps` holds S standard normals per latent value.
 */
export interface BatchInput {
  x: Float64Array;
  y: Float64Array;
  rows: number;
  /** [rows·S, d] standard normal draws; null for the deterministic pass z = mu. */
  eps: Float64Array | null;
  samples: number;
  /** Precomputed source output (frozen encoder), else null. */
  cached: { mu: Float64Array; logVar: Float64Array } | null;
  /**
   * Rows of the whole batch when these rows are one chunk of it (the loss is the batch mean, so a
   * chunk contributes its share and gradients add up over chunks); default `rows`.
   */
  batchRows?: number;
}

/**
 * Forward (and, with `grad`, backward) of a stage on one batch; returns the loss (the paper's
 * curve or parameter MSE of the mean over the S samples). (The gradient test calls it directly.)
 */
export function stageLoss(
  net: NativeVae,
  g: VaeGeometry,
  ws: Workspace,
  stage: StagePath,
  input: BatchInput,
  curveStd: Float64Array,
  grad: NativeVae | null,
): number {
  const { x, y, rows } = input;
  const d = g.latent;
  const S = input.eps === null ? 1 : input.samples;
  const trains = (p: Part) => grad !== null && stage.trainable.includes(p);

  let mu: Float64Array;
  let logVar: Float64Array;
  if (input.cached) ({ mu, logVar } = input.cached);
  else if (stage.source === "encoder") ({ mu, logVar } = encodeForward(net, g, ws, x, rows));
  else ({ mu, logVar } = converter1Forward(net, g, ws, y, rows));

  // z [rows·S, d]: row r's samples are rows r·S .. r·S + S - 1.
  const z = ws.get("z", d);
  if (input.eps === null) z.set(mu.subarray(0, rows * d));
  else {
    const muS = ws.get("muS", d);
    const lvS = ws.get("lvS", d);
    for (let r = 0; r < rows; r++)
      for (let s = 0; s < S; s++)
        for (let k = 0; k < d; k++) {
          muS[(r * S + s) * d + k] = mu[r * d + k];
          lvS[(r * S + s) * d + k] = logVar[r * d + k];
        }
    reparameterise(muS, lvS, input.eps, rows * S * d, z);
  }

  const width = stage.target === "decoder" ? g.length : g.parameters;
  const out = stage.target === "decoder" ? decodeForward(net, g, ws, z, rows * S) : converter2Forward(net, g, ws, z, rows * S);
  const truth = stage.target === "decoder" ? x : y;
  // Loss on the mean over samples; dOut of each sample is dMean / S.
  const dOut = ws.get("dOut", width);
  let loss = 0;
  const n = (input.batchRows ?? rows) * width;
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < width; j++) {
      let mean = 0;
      for (let s = 0; s < S; s++) mean += out[(r * S + s) * width + j];
      mean /= S;
      const scale = stage.target === "decoder" ? curveStd[j] : 1;
      const diff = (mean - truth[r * width + j]) * scale;
      loss += diff * diff;
      const dMean = (2 * diff * scale) / n;
      for (let s = 0; s < S; s++) dOut[(r * S + s) * width + j] = dMean / S;
    }
  loss /= n;
  if (grad === null) return loss;

  const sourceTrains = trains(stage.source);
  const dz = ws.get("dz", d);
  if (stage.target === "decoder") decodeBackward(net, g, ws, z, rows * S, dOut, trains("decoder") ? grad.decoder : null, dz);
  else converter2Backward(net, g, ws, z, rows * S, dOut, trains("converter2") ? grad.converter2 : null, sourceTrains ? dz : null);
  if (!sourceTrains) return loss;

  // Through the reparameterisation, summing each row's samples.
  const dMu = ws.get("dMu", d);
  const dLogVar = ws.get("dLogVar", d);
  dMu.fill(0, 0, rows * d);
  dLogVar.fill(0, 0, rows * d);
  for (let r = 0; r < rows; r++)
    for (let s = 0; s < S; s++)
      for (let k = 0; k < d; k++) {
        const i = (r * S + s) * d + k;
        const gz = dz[i];
        dMu[r * d + k] += gz;
        if (input.eps !== null) dLogVar[r * d + k] += 0.5 * gz * input.eps[i] * Math.exp(0.5 * logVar[r * d + k]);
      }
  if (stage.source === "encoder") encodeBackward(net, g, ws, x, rows, dMu, dLogVar, grad.encoder);
  else converter1Backward(net, g, ws, y, rows, dMu, dLogVar, grad.converter1);
  return loss;
}

/** The batch of one step, filled by the trainer; shared with the worker (SharedArrayBuffer views). */
export interface StepBuffers {
  bx: Float64Array;
  by: Float64Array;
  eps: Float64Array;
  cachedMu: Float64Array;
  cachedLogVar: Float64Array;
}

/** One shard's task: rows [from, to) of a batch of batchRows. */
export interface ShardTask {
  stage: StagePath;
  from: number;
  to: number;
  batchRows: number;
  samples: number;
  /** The source's output is in cachedMu / cachedLogVar (frozen encoder). */
  cached: boolean;
}

/** The two halves of a batch of `rows`: [0, h) and [h, rows). */
export function shardBounds(rows: number): [number, number, number] {
  const h = Math.ceil(rows / 2);
  return [0, h, rows];
}

/**
 * A shard's loss share and gradients: the trainable parts of `grad` are zeroed, then each chunk of
 * at most chunkRows rows adds its share (the workspace holds chunkRows·S rows).
 */
export function shardLoss(
  net: NativeVae,
  g: VaeGeometry,
  ws: Workspace,
  buffers: StepBuffers,
  task: ShardTask,
  curveStd: Float64Array,
  chunkRows: number,
  grad: NativeVae,
): number {
  const { length: L, parameters: P, latent: d } = g;
  const S = task.samples;
  for (const part of task.stage.trainable) for (const w of flatWeights(grad[part])) w.fill(0);
  let loss = 0;
  for (let c0 = task.from; c0 < task.to; c0 += chunkRows) {
    const c1 = Math.min(task.to, c0 + chunkRows);
    loss += stageLoss(
      net,
      g,
      ws,
      task.stage,
      {
        x: buffers.bx.subarray(c0 * L, c1 * L),
        y: buffers.by.subarray(c0 * P, c1 * P),
        rows: c1 - c0,
        eps: buffers.eps.subarray(c0 * S * d, c1 * S * d),
        samples: S,
        cached: task.cached ? { mu: buffers.cachedMu.subarray(c0 * d, c1 * d), logVar: buffers.cachedLogVar.subarray(c0 * d, c1 * d) } : null,
        batchRows: task.batchRows,
      },
      curveStd,
      grad,
    );
  }
  return loss;
}

/** Copies of every array of `part` in one SharedArrayBuffer (same nesting): a worker given them shares the memory. */
export function shareArrays<T extends object>(part: T): T {
  const total = flatWeights(part).reduce((n, w) => n + w.length, 0);
  const buffer = new SharedArrayBuffer(8 * total);
  let at = 0;
  const copy = (v: unknown): unknown => {
    if (v instanceof Float64Array) {
      const view = new Float64Array(buffer, 8 * at, v.length);
      view.set(v);
      at += v.length;
      return view;
    }
    const o: Record<string, unknown> = {};
    for (const key of Object.keys(v as object)) o[key] = copy((v as Record<string, unknown>)[key]);
    return o;
  };
  return copy(part) as T;
}

/** A Float64Array of n values on shared memory. */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n)));
}
