/**
 * The trained hard-sphere VAE as two ONNX graphs (opset 13), each reproducing one tfjs function of
 * hard-sphere-vae-model.ts:
 * - generator = `generate`: standardised parameters [batch, P] -> converter 1 mean -> decoder ->
 *   standardised log10 I [batch, L]. The paper averages the decoder over 100 samples of
 *   z = mu + s·eps; the learned s is tiny (paper Fig. 7), so z = mu is that average to first order
 *   and keeps the served generator deterministic.
 * - inferrer = `inferWithUncertainty`: standardised log10 I [batch, L] -> encoder -> 2d sigma points
 *   of z -> converter 2 -> [batch, 2P] = standardised (eta, sigma) means, then their spreads
 *   (calibrated when given: sqrt(floor² + scale²·spread²) per parameter).
 * Layout bridges: tfjs keeps feature maps channels-last, ONNX Conv is channels-first, so the graph
 * transposes [B, C, L] <-> [B, L, C] around the flatten and the decoder's reshape; conv filters
 * [K, Cin, Cout] become Conv weights [Cout, Cin, K] and, for the transposed convolutions (trained
 * as convolutions over zero-interleaved input), ConvTranspose weights [Cin, Cout, K] reversed in K.
 */
import type * as tf from "@tensorflow/tfjs";
import { addDenseLayer, OnnxGraphBuilder, type DenseActivation, type GraphValue } from "../onnx";
import { CHANNELS, PAD, STRIDE, sigmaPoints, type ConvVars, type DenseVars, type VaeVars } from "./hard-sphere-vae-model";
import type { UncertaintyCalibration } from "./uncertainty-calibration";

export const GENERATOR_INPUT = "parameters";
export const GENERATOR_OUTPUT = "log10_intensity";
export const INFERRER_INPUT = "curve";
export const INFERRER_OUTPUT = "parameters";

function values(v: tf.Variable): Float32Array {
  return Float32Array.from(v.dataSync() as Float32Array);
}

function dense(b: OnnxGraphBuilder, x: GraphValue, d: DenseVars, prefix: string, activation: DenseActivation = "linear", name?: string): GraphValue {
  const [inFeatures, outFeatures] = d.kernel.shape;
  return addDenseLayer(b, x, { kernel: values(d.kernel), bias: values(d.bias), inFeatures, outFeatures, activation }, prefix, name);
}

/** tfjs filter [K, Cin, Cout] -> ONNX Conv weight [Cout, Cin, K]. */
export function convWeight(filter: Float32Array, k: number, cin: number, cout: number): Float32Array {
  const w = new Float32Array(filter.length);
  for (let j = 0; j < k; j++) for (let c = 0; c < cin; c++) for (let m = 0; m < cout; m++) w[(m * cin + c) * k + j] = filter[(j * cin + c) * cout + m];
  return w;
}

/** tfjs filter [K, Cin, Cout] of the zero-interleaved convolution -> ConvTranspose weight [Cin, Cout, K], K reversed. */
export function convTransposeWeight(filter: Float32Array, k: number, cin: number, cout: number): Float32Array {
  const w = new Float32Array(filter.length);
  for (let j = 0; j < k; j++)
    for (let c = 0; c < cin; c++) for (let m = 0; m < cout; m++) w[(c * cout + m) * k + (k - 1 - j)] = filter[(j * cin + c) * cout + m];
  return w;
}

function latentSize(d: DenseVars): number {
  const [, out] = d.kernel.shape;
  return out;
}

function conv(b: OnnxGraphBuilder, x: GraphValue, c: ConvVars, prefix: string): GraphValue {
  const [k, cin, cout] = c.filter.shape;
  const w = b.initializer(`${prefix}_weight`, convWeight(values(c.filter), k, cin, cout), [cout, cin, k]);
  return b.conv(x, w, b.initializer(`${prefix}_bias`, values(c.bias), [cout]), { strides: [STRIDE], pads: [PAD, PAD] });
}

function convTranspose(b: OnnxGraphBuilder, x: GraphValue, c: ConvVars, prefix: string): GraphValue {
  const [k, cin, cout] = c.filter.shape;
  const w = b.initializer(`${prefix}_weight`, convTransposeWeight(values(c.filter), k, cin, cout), [cin, cout, k]);
  return b.convTranspose(x, w, b.initializer(`${prefix}_bias`, values(c.bias), [cout]), {
    strides: [STRIDE],
    pads: [PAD, PAD],
    outputPadding: [STRIDE - 1],
  });
}

export interface VaeExportOptions {
  length: number;
  parameters: number;
  /** The model card JSON, stored in the ONNX metadata under `metadataKey`. */
  metadata?: Record<string, string>;
  /** The inferrer's uncertainty calibration per parameter (standardised units); none: the raw spread. */
  calibration?: UncertaintyCalibration[];
}

export function buildGeneratorOnnx(vars: VaeVars, o: VaeExportOptions): Uint8Array {
  const b = new OnnxGraphBuilder("hard_sphere_vae_generator");
  const p = b.input(GENERATOR_INPUT, ["batch", o.parameters]);
  const c = vars.converter1;
  const h = dense(b, dense(b, p, c.hidden1, "cvt1_h1", "relu"), c.hidden2, "cvt1_h2", "relu");
  const mu = dense(b, h, c.mu, "cvt1_mu");
  const d = vars.decoder;
  const flat = dense(b, mu, d.dense, "dec_dense");
  const map = b.transpose(b.reshape(flat, [-1, o.length / 4, CHANNELS[1]]), [0, 2, 1]);
  const h1 = b.relu(convTranspose(b, map, d.deconv1, "dec_deconv1"));
  const out = b.reshape(convTranspose(b, h1, d.deconv2, "dec_deconv2"), [-1, o.length], { name: GENERATOR_OUTPUT });
  b.output(out, ["batch", o.length]);
  for (const [k, v] of Object.entries(o.metadata ?? {})) b.setMetadata(k, v);
  return b.build();
}

export function buildInferrerOnnx(vars: VaeVars, o: VaeExportOptions): Uint8Array {
  const b = new OnnxGraphBuilder("hard_sphere_vae_inferrer");
  const x = b.input(INFERRER_INPUT, ["batch", o.length]);
  const e = vars.encoder;
  const h1 = b.relu(conv(b, b.reshape(x, [-1, 1, o.length]), e.conv1, "enc_conv1"));
  const h2 = b.relu(conv(b, h1, e.conv2, "enc_conv2"));
  const flat = b.flatten(b.transpose(h2, [0, 2, 1]), 1);
  const mu = dense(b, flat, e.mu, "enc_mu");
  const logVar = dense(b, flat, e.logVar, "enc_logvar");
  const d = latentSize(e.mu);
  const k = 2 * d;
  const s = b.exp(b.mul(logVar, b.initializer("half", Float32Array.of(0.5), [1])));
  const points = b.initializer("sigma_points", sigmaPoints(d), [1, k, d]);
  const z = b.add(b.reshape(mu, [-1, 1, d]), b.mul(b.reshape(s, [-1, 1, d]), points));
  const c = vars.converter2;
  const hidden = dense(b, dense(b, b.reshape(z, [-1, d]), c.hidden1, "cvt2_h1", "relu"), c.hidden2, "cvt2_h2", "relu");
  const y = b.reshape(dense(b, hidden, c.out, "cvt2_out"), [-1, k, o.parameters]);
  const mean = b.reduceMean(y, [1], false);
  const diff = b.sub(y, b.reduceMean(y, [1], true));
  let std = b.node("Sqrt", [b.reduceMean(b.mul(diff, diff), [1], false)]);
  if (o.calibration) {
    const scale2 = Float32Array.from(o.calibration, (c) => c.scale * c.scale);
    const floor2 = Float32Array.from(o.calibration, (c) => c.floor * c.floor);
    std = b.node("Sqrt", [
      b.add(b.mul(b.mul(std, std), b.initializer("uncertainty_scale2", scale2, [o.parameters])), b.initializer("uncertainty_floor2", floor2, [o.parameters])),
    ]);
  }
  const out = b.concat([mean, std], 1, { name: INFERRER_OUTPUT });
  b.output(out, ["batch", 2 * o.parameters]);
  for (const [key, v] of Object.entries(o.metadata ?? {})) b.setMetadata(key, v);
  return b.build();
}
