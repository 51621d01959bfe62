/**
 * The small networks the architectures train, as our own tfjs variables (not tf.LayersModel), so
 * one definition gives the forward pass, seeded initial weights, custom losses (masked MSE,
 * Gaussian NLL) and the ONNX export layer for layer: a trunk of 1D convolutions and/or dense
 * layers, then named linear heads.
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../compute/random";
import { OnnxGraphBuilder, type GraphValue } from "../onnx";

export type Activation = "relu" | "tanh";

export interface ConvSpec {
  filters: number;
  kernelSize: number;
  stride: number;
}

export interface TrunkSpec {
  /** Input features (the transformed curve). */
  features: number;
  /** 1D convolutions over the curve first ("valid" padding), each followed by the activation. */
  convolutions?: ConvSpec[];
  /** Widths of the dense hidden layers after them. */
  hidden: number[];
  activation: Activation;
}

interface ConvLayer {
  spec: ConvSpec;
  inChannels: number;
  inLength: number;
  outLength: number;
  /** tfjs conv1d filter layout [kernel, in, out]. */
  kernel: tf.Variable;
  bias: tf.Variable;
  /**
   * 0/1 matrix [inLength·in, outLength·kernel·in] gathering each output position's patch: the
   * convolution is then two matmuls, whose gradients every backend has (wasm has no Conv2D filter
   * gradient).
   */
  unfold: tf.Tensor2D;
}

function unfoldMatrix(inLength: number, channels: number, spec: ConvSpec, outLength: number): tf.Tensor2D {
  const cols = outLength * spec.kernelSize * channels;
  const u = new Float32Array(inLength * channels * cols);
  for (let o = 0; o < outLength; o++)
    for (let j = 0; j < spec.kernelSize; j++)
      for (let ch = 0; ch < channels; ch++) u[((o * spec.stride + j) * channels + ch) * cols + (o * spec.kernelSize + j) * channels + ch] = 1;
  return tf.tensor2d(u, [inLength * channels, cols]);
}

interface DenseLayer {
  inFeatures: number;
  units: number;
  /** [in, out] row-major (tfjs and Gemm alike). */
  kernel: tf.Variable;
  bias: tf.Variable;
}

/** Output length of a "valid" convolution. */
export function convOutputLength(length: number, spec: ConvSpec): number {
  return Math.floor((length - spec.kernelSize) / spec.stride) + 1;
}

/** Glorot-uniform weights from our seeded generator (tfjs's own seeds differ across backends). */
function glorot(random: Random, shape: number[], fanIn: number, fanOut: number, name: string): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * random.next() - 1) * limit;
  return tf.variable(tf.tensor(values, shape), true, name);
}

let variableCounter = 0;

const zeros = (n: number, name: string) => tf.variable(tf.zeros([n]), true, name);

export class Network {
  private readonly convs: ConvLayer[] = [];
  private readonly dense: DenseLayer[] = [];
  private readonly heads = new Map<string, DenseLayer>();
  /** Features out of the trunk. */
  readonly trunkFeatures: number;

  constructor(
    readonly spec: TrunkSpec,
    private readonly random: Random,
  ) {
    let length = spec.features;
    let channels = 1;
    for (const c of spec.convolutions ?? []) {
      const next = convOutputLength(length, c);
      if (next < 1) throw new RangeError(`a convolution of kernel ${c.kernelSize} and stride ${c.stride} does not fit ${length} points`);
      this.convs.push({
        spec: c,
        inChannels: channels,
        inLength: length,
        outLength: next,
        unfold: unfoldMatrix(length, channels, c, next),
        kernel: glorot(random, [c.kernelSize, channels, c.filters], c.kernelSize * channels, c.kernelSize * c.filters, this.name("conv_kernel")),
        bias: zeros(c.filters, this.name("conv_bias")),
      });
      length = next;
      channels = c.filters;
    }
    let width = length * channels;
    for (const units of spec.hidden) {
      this.dense.push(this.denseLayer(width, units));
      width = units;
    }
    this.trunkFeatures = width;
  }

  private name(prefix: string): string {
    // tfjs wants variable names unique in the process; names play no part in the values.
    return `sasgraph_${prefix}_${variableCounter++}`;
  }

  private denseLayer(inFeatures: number, units: number): DenseLayer {
    return {
      inFeatures,
      units,
      kernel: glorot(this.random, [inFeatures, units], inFeatures, units, this.name("kernel")),
      bias: zeros(units, this.name("bias")),
    };
  }

  /** A linear head of `units` outputs on the trunk. */
  addHead(name: string, units: number): void {
    this.heads.set(name, this.denseLayer(this.trunkFeatures, units));
  }

  get variables(): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (const l of [...this.convs, ...this.dense, ...this.heads.values()]) out.push(l.kernel, l.bias);
    return out;
  }

  private act(x: tf.Tensor): tf.Tensor {
    return this.spec.activation === "relu" ? tf.relu(x) : tf.tanh(x);
  }

  /** The trunk on [rows, features]. */
  trunk(x: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor = x;
    // Convolutions on channels-last rows flattened as [rows, length·channels] (position-major).
    for (const c of this.convs) {
      const patches = tf.reshape(tf.matMul(h as tf.Tensor2D, c.unfold), [x.shape[0] * c.outLength, c.spec.kernelSize * c.inChannels]);
      const kernel = tf.reshape(c.kernel, [c.spec.kernelSize * c.inChannels, c.spec.filters]);
      h = tf.reshape(this.act(tf.add(tf.matMul(patches as tf.Tensor2D, kernel as tf.Tensor2D), c.bias)), [x.shape[0], c.outLength * c.spec.filters]);
    }
    for (const d of this.dense) h = this.act(tf.add(tf.matMul(h as tf.Tensor2D, d.kernel as tf.Tensor2D), d.bias));
    return h as tf.Tensor2D;
  }

  head(name: string, trunk: tf.Tensor2D): tf.Tensor2D {
    const d = this.heads.get(name);
    if (!d) throw new Error(`no head ${name}`);
    return tf.add(tf.matMul(trunk, d.kernel as tf.Tensor2D), d.bias);
  }

  /** Copies of every weight (to keep the best epoch's). */
  snapshot(): Float32Array[] {
    return this.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  restore(weights: Float32Array[]): void {
    this.variables.forEach((v, i) => v.assign(tf.tensor(weights[i], v.shape)));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    for (const c of this.convs) c.unfold.dispose();
  }

  /** Input layout on the card: convolutions take [batch, 1, features]. */
  get layout(): "batch_features" | "batch_channel_features" {
    return this.convs.length > 0 ? "batch_channel_features" : "batch_features";
  }

  get inputShape(): (rows: number) => number[] {
    return (rows) => (this.convs.length > 0 ? [rows, 1, this.spec.features] : [rows, this.spec.features]);
  }

  /** The trunk into an ONNX graph: returns the graph input and the trunk output. */
  exportTrunk(b: OnnxGraphBuilder, inputName: string): GraphValue {
    const act = (v: GraphValue) => (this.spec.activation === "relu" ? b.relu(v) : b.tanh(v));
    let h: GraphValue;
    if (this.convs.length > 0) {
      h = b.input(inputName, ["batch", 1, this.spec.features]);
      this.convs.forEach((c, i) => {
        // ONNX Conv weight is [out, in, kernel]; tfjs's is [kernel, in, out].
        const [k, inC, outC] = [c.spec.kernelSize, c.inChannels, c.spec.filters];
        const src = c.kernel.dataSync() as Float32Array;
        const w = new Float32Array(src.length);
        for (let o = 0; o < outC; o++) for (let ch = 0; ch < inC; ch++) for (let j = 0; j < k; j++) w[(o * inC + ch) * k + j] = src[(j * inC + ch) * outC + o];
        h = act(
          b.conv(
            h,
            b.initializer(`conv${i}_weight`, w, [outC, inC, k]),
            b.initializer(`conv${i}_bias`, Float32Array.from(c.bias.dataSync() as Float32Array), [outC]),
            {
              strides: [c.spec.stride],
            },
          ),
        );
      });
      // [batch, channels, length] -> tfjs's flattening order (length-major, then channels).
      h = b.flatten(b.transpose(h, [0, 2, 1]), 1);
    } else {
      h = b.input(inputName, ["batch", this.spec.features]);
    }
    this.dense.forEach((d, i) => {
      h = act(this.gemm(b, h, d, `dense${i}`));
    });
    return h;
  }

  /** A head into the graph (linear). */
  exportHead(b: OnnxGraphBuilder, name: string, trunk: GraphValue, outputName?: string): GraphValue {
    const d = this.heads.get(name);
    if (!d) throw new Error(`no head ${name}`);
    return this.gemm(b, trunk, d, `head_${name}`, outputName);
  }

  private gemm(b: OnnxGraphBuilder, x: GraphValue, d: DenseLayer, prefix: string, outputName?: string): GraphValue {
    const w = b.initializer(`${prefix}_kernel`, Float32Array.from(d.kernel.dataSync() as Float32Array), [d.inFeatures, d.units]);
    const bias = b.initializer(`${prefix}_bias`, Float32Array.from(d.bias.dataSync() as Float32Array), [d.units]);
    return b.gemm(x, w, bias, { name: outputName });
  }
}
