/**
 * The network of Ding et al. 2025 (paper 000, sec. II.3, Fig. 2) in TensorFlow.js, as plain
 * variables and ops (not tf.layers) so that each training stage chooses which parts it updates
 * and the weights map one to one onto the ONNX export (hard-sphere-vae-export.ts).
 *
 * - encoder: curve [B, L] -> Conv1d(1->30, k 9, stride 2, pad 4) -> ReLU
 *   -> Conv1d(30->60, k 9, stride 2, pad 4) -> ReLU -> flatten (60 x L/4) -> dense mu, dense log s²;
 * - decoder: z -> dense (60 x L/4) -> ConvTranspose1d(60->30, k 9, stride 2, pad 4, output pad 1)
 *   -> ReLU -> ConvTranspose1d(30->1, same) -> curve [B, L];
 * - converter 1: (eta, sigma) -> 9 -> ReLU -> 9 -> ReLU -> dense mu, dense log s²;
 * - converter 2: z -> 9 -> ReLU -> 9 -> ReLU -> (eta, sigma).
 * Curves and parameters go in standardised (per q point, per parameter). The paper's layer sizes;
 * its batch normalisation is left out (nothing to carry to ONNX, and training converges without).
 *
 * Layouts: tfjs convolutions are channels-last ([B, L, C], filter [K, Cin, Cout]); a flattened
 * feature map is in (position, channel) order. The export transposes where ONNX differs.
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../compute/random";

export const KERNEL = 9;
export const STRIDE = 2;
export const PAD = 4;
export const CHANNELS = [30, 60] as const;
export const CONVERTER_WIDTH = 9;

/** A dense layer's weights: kernel [in, out] (row-major), bias [out]. */
export interface DenseVars {
  kernel: tf.Variable;
  bias: tf.Variable;
}

/** A 1D (transposed) convolution: filter [K, Cin, Cout] as tfjs conv1d takes it, bias [Cout]. */
export interface ConvVars {
  filter: tf.Variable;
  bias: tf.Variable;
}

export interface VaeVars {
  encoder: { conv1: ConvVars; conv2: ConvVars; mu: DenseVars; logVar: DenseVars };
  decoder: { dense: DenseVars; deconv1: ConvVars; deconv2: ConvVars };
  converter1: { hidden1: DenseVars; hidden2: DenseVars; mu: DenseVars; logVar: DenseVars };
  converter2: { hidden1: DenseVars; hidden2: DenseVars; out: DenseVars };
}

export interface VaeShape {
  /** Points per curve (a multiple of 4). */
  length: number;
  latent: number;
  parameters: number;
}

/** Glorot-uniform kernels from our seeded generator (tfjs initialisers draw from their own). */
function uniformTensor(random: Random, shape: number[], limit: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = random.uniform(-limit, limit);
  return tf.tensor(data, shape);
}

function dense(random: Random, name: string, inputs: number, outputs: number): DenseVars {
  const limit = Math.sqrt(6 / (inputs + outputs));
  // tidy frees the initial values; the variables keep their own reference.
  return tf.tidy(() => ({
    kernel: tf.variable(uniformTensor(random, [inputs, outputs], limit), true, `${name}/kernel`),
    bias: tf.variable(tf.zeros([outputs]), true, `${name}/bias`),
  }));
}

function conv(random: Random, name: string, inputs: number, outputs: number): ConvVars {
  const limit = Math.sqrt(6 / ((inputs + outputs) * KERNEL));
  return tf.tidy(() => ({
    filter: tf.variable(uniformTensor(random, [KERNEL, inputs, outputs], limit), true, `${name}/filter`),
    bias: tf.variable(tf.zeros([outputs]), true, `${name}/bias`),
  }));
}

let instances = 0;

export function createVaeVars(shape: VaeShape, seed: number): VaeVars {
  if (shape.length % 4 !== 0 || shape.length < 8) throw new RangeError(`the VAE needs a multiple of 4 q points (>= 8), got ${shape.length}`);
  const random = new Random(seed);
  // Variable names are global in tfjs: a per-instance prefix lets several networks coexist.
  const p = `hsvae${instances++}`;
  const flat = CHANNELS[1] * (shape.length / 4);
  return {
    encoder: {
      conv1: conv(random, `${p}/enc/conv1`, 1, CHANNELS[0]),
      conv2: conv(random, `${p}/enc/conv2`, CHANNELS[0], CHANNELS[1]),
      mu: dense(random, `${p}/enc/mu`, flat, shape.latent),
      logVar: dense(random, `${p}/enc/logvar`, flat, shape.latent),
    },
    decoder: {
      dense: dense(random, `${p}/dec/dense`, shape.latent, flat),
      deconv1: conv(random, `${p}/dec/deconv1`, CHANNELS[1], CHANNELS[0]),
      deconv2: conv(random, `${p}/dec/deconv2`, CHANNELS[0], 1),
    },
    converter1: {
      hidden1: dense(random, `${p}/cvt1/h1`, shape.parameters, CONVERTER_WIDTH),
      hidden2: dense(random, `${p}/cvt1/h2`, CONVERTER_WIDTH, CONVERTER_WIDTH),
      mu: dense(random, `${p}/cvt1/mu`, CONVERTER_WIDTH, shape.latent),
      logVar: dense(random, `${p}/cvt1/logvar`, CONVERTER_WIDTH, shape.latent),
    },
    converter2: {
      hidden1: dense(random, `${p}/cvt2/h1`, shape.latent, CONVERTER_WIDTH),
      hidden2: dense(random, `${p}/cvt2/h2`, CONVERTER_WIDTH, CONVERTER_WIDTH),
      out: dense(random, `${p}/cvt2/out`, CONVERTER_WIDTH, shape.parameters),
    },
  };
}

/** Every variable of a part, in a fixed order (for optimisers, snapshots and disposal). */
export function variablesOf(part: object): tf.Variable[] {
  const out: tf.Variable[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof tf.Variable) out.push(v);
    else if (typeof v === "object" && v !== null) for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key]);
  };
  walk(part);
  return out;
}

function applyDense(x: tf.Tensor2D, d: DenseVars): tf.Tensor2D {
  return tf.add(tf.matMul(x, d.kernel as tf.Tensor2D), d.bias);
}

/**
 * Valid 1D convolution as patches times the filter: K slices of the input (every `stride`-th
 * position, via reshape so no strided slice is needed) side by side, then one matMul. The wasm
 * backend has no Conv2DBackpropFilter kernel, so tf.conv1d cannot be trained there; slice,
 * reshape, concat and matMul all have gradients it runs.
 */
function convolve(padded: tf.Tensor3D, filter: tf.Tensor3D, stride: number): tf.Tensor3D {
  const [b, l, c] = padded.shape;
  const [k, , m] = filter.shape;
  const out = Math.floor((l - k) / stride) + 1;
  const patches: tf.Tensor3D[] = [];
  for (let j = 0; j < k; j++) {
    const window = tf.slice(padded, [0, j, 0], [b, stride * out, c]);
    patches.push(
      stride === 1 ? window : (tf.reshape(tf.slice(tf.reshape(window, [b, out, stride, c]), [0, 0, 0, 0], [b, out, 1, c]), [b, out, c]) as tf.Tensor3D),
    );
  }
  const columns = tf.reshape(tf.concat(patches, 2), [b * out, k * c]) as tf.Tensor2D;
  return tf.reshape(tf.matMul(columns, tf.reshape(filter, [k * c, m]) as tf.Tensor2D), [b, out, m]);
}

function applyConv(x: tf.Tensor3D, c: ConvVars): tf.Tensor3D {
  const padded = tf.pad(x, [
    [0, 0],
    [PAD, PAD],
    [0, 0],
  ]);
  return tf.add(convolve(padded, c.filter as tf.Tensor3D, STRIDE), c.bias);
}

/**
 * Transposed convolution (stride 2, pad 4, output pad 1) written as a plain convolution so every
 * op has a gradient on the wasm backend: interleave zeros, pad K-1-pad at the start and
 * K-1-pad+outputPad at the end (the trailing interleaved zero is one of those), convolve at stride
 * 1 (convolve). With this `filter`, ONNX ConvTranspose's weight is W[cin, cout, k] = filter[K-1-k, cin, cout].
 */
function applyConvTranspose(x: tf.Tensor3D, c: ConvVars): tf.Tensor3D {
  const [b, l, ch] = x.shape;
  const dilated = tf.reshape(tf.stack([x, tf.zerosLike(x)], 2), [b, l * STRIDE, ch]) as tf.Tensor3D;
  const edge = KERNEL - 1 - PAD;
  const padded = tf.pad(dilated, [
    [0, 0],
    [edge, edge],
    [0, 0],
  ]);
  return tf.add(convolve(padded, c.filter as tf.Tensor3D, 1), c.bias);
}

export interface Latent {
  mu: tf.Tensor2D;
  logVar: tf.Tensor2D;
}

/** Encoder: standardised curves [B, L] -> latent mean and log variance. */
export function encode(vars: VaeVars, x: tf.Tensor2D): Latent {
  const e = vars.encoder;
  const [b, l] = x.shape;
  const h1 = tf.relu(applyConv(tf.reshape(x, [b, l, 1]), e.conv1));
  const h2 = tf.relu(applyConv(h1, e.conv2));
  const flat = tf.reshape(h2, [b, -1]) as tf.Tensor2D;
  return { mu: applyDense(flat, e.mu), logVar: applyDense(flat, e.logVar) };
}

/** Decoder: latent [B, latent] -> standardised curves [B, L]. */
export function decode(vars: VaeVars, z: tf.Tensor2D, length: number): tf.Tensor2D {
  const d = vars.decoder;
  const b = z.shape[0];
  const h0 = tf.reshape(applyDense(z, d.dense), [b, length / 4, CHANNELS[1]]) as tf.Tensor3D;
  const h1 = tf.relu(applyConvTranspose(h0, d.deconv1));
  return tf.reshape(applyConvTranspose(h1, d.deconv2), [b, length]);
}

/** Converter 1: standardised parameters [B, P] -> latent mean and log variance. */
export function convertParameters(vars: VaeVars, p: tf.Tensor2D): Latent {
  const c = vars.converter1;
  const h = tf.relu(applyDense(tf.relu(applyDense(p, c.hidden1)), c.hidden2));
  return { mu: applyDense(h, c.mu), logVar: applyDense(h, c.logVar) };
}

/** Converter 2: latent [B, latent] (or [N, latent] samples) -> standardised parameters. */
export function convertLatent(vars: VaeVars, z: tf.Tensor2D): tf.Tensor2D {
  const c = vars.converter2;
  return applyDense(tf.relu(applyDense(tf.relu(applyDense(z, c.hidden1)), c.hidden2)), c.out);
}

/** z = mu + exp(log s² / 2) ⊙ eps (the reparameterisation; eps from our seeded generator). */
export function sampleLatent(latent: Latent, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.add(latent.mu, tf.mul(tf.exp(tf.mul(latent.logVar, 0.5)), eps));
}

/**
 * Sigma points used for the inferrer's uncertainty: ±√d along each latent axis (2d points, equal
 * weights), so mean and covariance of z are reproduced exactly; pushing them through converter 2
 * gives the output's mean and spread (unscented transform). Row-major [2d, d].
 */
export function sigmaPoints(latent: number): Float32Array {
  const out = new Float32Array(2 * latent * latent);
  const r = Math.sqrt(latent);
  for (let i = 0; i < latent; i++) {
    out[2 * i * latent + i] = r;
    out[(2 * i + 1) * latent + i] = -r;
  }
  return out;
}

/**
 * The inferrer as exported: encoder, the 2d sigma points of z, converter 2 on each; returns
 * [B, 2P] = mean over points of the standardised parameters, then their standard deviation.
 */
export function inferWithUncertainty(vars: VaeVars, x: tf.Tensor2D): tf.Tensor2D {
  const { mu, logVar } = encode(vars, x);
  const [b, d] = mu.shape;
  const k = 2 * d;
  const points = tf.tensor2d(sigmaPoints(d), [k, d]);
  const s = tf.exp(tf.mul(logVar, 0.5));
  // [B, K, d] -> [B*K, d]
  const z = tf.add(tf.expandDims(mu, 1), tf.mul(tf.expandDims(s, 1), tf.expandDims(points, 0)));
  const y = tf.reshape(convertLatent(vars, tf.reshape(z, [b * k, d]) as tf.Tensor2D), [b, k, -1]);
  const mean = tf.mean(y, 1);
  const std = tf.sqrt(tf.mean(tf.square(tf.sub(y, tf.expandDims(mean, 1))), 1));
  return tf.concat([mean, std], 1) as tf.Tensor2D;
}

/** The generator as exported: converter 1's mean through the decoder (z = mu, see the export). */
export function generate(vars: VaeVars, p: tf.Tensor2D, length: number): tf.Tensor2D {
  return decode(vars, convertParameters(vars, p).mu, length);
}
