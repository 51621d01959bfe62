/**
 * A small typed builder for ONNX graphs (opset 13): declare inputs, add weights as initializers,
 * chain operators, declare outputs, attach metadata, and serialise to bytes that onnxruntime loads.
 */
import { onnx } from "onnx-proto";
import { encodeTensor, type InitializerData } from "./tensor-encoding";

/** The opset the builder writes; every operator helper follows its opset-13 definition. */
export const OPSET_VERSION = 13;
/** ONNX IR version matching opset 13. */
export const IR_VERSION = 7;

/** A tensor dimension: a fixed size, or a symbolic name such as "batch". */
export type Dim = number | string;
export type ElementType = "float32" | "int64";

/** A named value in the graph (input, initializer, or an operator's output). */
export class GraphValue {
  constructor(readonly name: string) {}
}

export type Attribute =
  | { kind: "int"; value: number }
  | { kind: "ints"; value: readonly number[] }
  | { kind: "float"; value: number }
  | { kind: "floats"; value: readonly number[] }
  | { kind: "string"; value: string };

export interface NamedOutput {
  /** Name of the operator's output value; generated when omitted. */
  name?: string;
}

export interface GemmOptions extends NamedOutput {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

export interface ConvOptions extends NamedOutput {
  strides?: readonly number[];
  /** Begin and end pads per spatial axis: [x1_begin, x2_begin, ..., x1_end, x2_end, ...]. */
  pads?: readonly number[];
  dilations?: readonly number[];
  group?: number;
}

export interface ConvTransposeOptions extends ConvOptions {
  outputPadding?: readonly number[];
}

const ELEMENT_TYPE_CODE: Record<ElementType, onnx.TensorProto.DataType> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
};

function valueInfo(name: string, type: ElementType, shape: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPE_CODE[type],
        shape: { dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function encodeAttribute(name: string, attr: Attribute): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (attr.kind) {
    case "int":
      return { name, type: T.INT, i: attr.value };
    case "ints":
      return { name, type: T.INTS, ints: [...attr.value] };
    case "float":
      return { name, type: T.FLOAT, f: attr.value };
    case "floats":
      return { name, type: T.FLOATS, floats: [...attr.value] };
    case "string":
      return { name, type: T.STRING, s: new TextEncoder().encode(attr.value) };
  }
}

export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly metadata = new Map<string, string>();
  private readonly names = new Set<string>();
  /** Dims of initializers, so Conv can state kernel_shape. */
  private readonly initializerDims = new Map<string, readonly number[]>();
  private counter = 0;

  constructor(private readonly graphName = "sasgraph") {}

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph: the name "${name}" is already used`);
    this.names.add(name);
    return name;
  }

  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return name;
  }

  input(name: string, shape: readonly Dim[], type: ElementType = "float32"): GraphValue {
    this.inputs.push(valueInfo(this.claim(name), type, shape));
    return new GraphValue(name);
  }

  /** A constant tensor stored in the model (weights, biases, shapes). */
  initializer(name: string, data: InitializerData, dims: readonly number[]): GraphValue {
    this.initializers.push(encodeTensor(this.claim(name), data, dims));
    this.initializerDims.set(name, [...dims]);
    return new GraphValue(name);
  }

  /** Declare a value as a graph output, with its element type and shape. */
  output(value: GraphValue, shape: readonly Dim[], type: ElementType = "float32"): void {
    if (!this.names.has(value.name)) throw new Error(`ONNX graph: output "${value.name}" is not a value of this graph`);
    this.outputs.push(valueInfo(value.name, type, shape));
  }

  /** A metadata_props entry (e.g. the model card JSON). */
  setMetadata(key: string, value: string): void {
    this.metadata.set(key, value);
  }

  /** Add any operator; the helpers below cover the ones we use. Returns its (single) output. */
  node(opType: string, inputs: readonly (GraphValue | null)[], attributes: Record<string, Attribute> = {}, outputName?: string): GraphValue {
    for (const v of inputs) {
      if (v !== null && !this.names.has(v.name)) throw new Error(`ONNX graph: ${opType} input "${v.name}" is not a value of this graph`);
    }
    const out = outputName === undefined ? this.claim(this.fresh(opType.toLowerCase())) : this.claim(outputName);
    this.nodes.push({
      opType,
      name: `${opType}_${this.nodes.length}`,
      // An empty name marks an omitted optional input in ONNX.
      input: inputs.map((v) => (v === null ? "" : v.name)),
      output: [out],
      attribute: Object.entries(attributes).map(([k, a]) => encodeAttribute(k, a)),
    });
    return new GraphValue(out);
  }

  gemm(a: GraphValue, b: GraphValue, c: GraphValue | null = null, o: GemmOptions = {}): GraphValue {
    const attrs: Record<string, Attribute> = {};
    if (o.transA) attrs.transA = { kind: "int", value: 1 };
    if (o.transB) attrs.transB = { kind: "int", value: 1 };
    if (o.alpha !== undefined) attrs.alpha = { kind: "float", value: o.alpha };
    if (o.beta !== undefined) attrs.beta = { kind: "float", value: o.beta };
    return this.node("Gemm", c === null ? [a, b] : [a, b, c], attrs, o.name);
  }

  matMul(a: GraphValue, b: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("MatMul", [a, b], {}, o.name);
  }
  add(a: GraphValue, b: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Add", [a, b], {}, o.name);
  }
  sub(a: GraphValue, b: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Sub", [a, b], {}, o.name);
  }
  mul(a: GraphValue, b: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Mul", [a, b], {}, o.name);
  }
  div(a: GraphValue, b: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Div", [a, b], {}, o.name);
  }
  relu(x: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Relu", [x], {}, o.name);
  }
  tanh(x: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Tanh", [x], {}, o.name);
  }
  sigmoid(x: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Sigmoid", [x], {}, o.name);
  }
  exp(x: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Exp", [x], {}, o.name);
  }
  log(x: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Log", [x], {}, o.name);
  }
  identity(x: GraphValue, o: NamedOutput = {}): GraphValue {
    return this.node("Identity", [x], {}, o.name);
  }

  softmax(x: GraphValue, axis = -1, o: NamedOutput = {}): GraphValue {
    return this.node("Softmax", [x], { axis: { kind: "int", value: axis } }, o.name);
  }

  private convAttributes(weight: GraphValue, o: ConvOptions): Record<string, Attribute> {
    const attrs: Record<string, Attribute> = {};
    const dims = this.initializerDims.get(weight.name);
    if (dims !== undefined) attrs.kernel_shape = { kind: "ints", value: dims.slice(2) };
    if (o.strides) attrs.strides = { kind: "ints", value: o.strides };
    if (o.pads) attrs.pads = { kind: "ints", value: o.pads };
    if (o.dilations) attrs.dilations = { kind: "ints", value: o.dilations };
    if (o.group !== undefined) attrs.group = { kind: "int", value: o.group };
    return attrs;
  }

  /** Conv over [N, C, L] (1D) or [N, C, H, W] (2D); weight [M, C/group, k...]. */
  conv(x: GraphValue, weight: GraphValue, bias: GraphValue | null = null, o: ConvOptions = {}): GraphValue {
    return this.node("Conv", bias === null ? [x, weight] : [x, weight, bias], this.convAttributes(weight, o), o.name);
  }

  /** ConvTranspose over [N, C, L] or [N, C, H, W]; weight [C, M/group, k...]. */
  convTranspose(x: GraphValue, weight: GraphValue, bias: GraphValue | null = null, o: ConvTransposeOptions = {}): GraphValue {
    const attrs = this.convAttributes(weight, o);
    if (o.outputPadding) attrs.output_padding = { kind: "ints", value: o.outputPadding };
    return this.node("ConvTranspose", bias === null ? [x, weight] : [x, weight, bias], attrs, o.name);
  }

  /** Reshape to a fixed target shape (0 copies a dim, -1 infers one, as in ONNX). */
  reshape(x: GraphValue, shape: readonly number[], o: NamedOutput = {}): GraphValue {
    const target = this.initializer(
      this.fresh("shape"),
      BigInt64Array.from(shape, (d) => BigInt(d)),
      [shape.length],
    );
    return this.node("Reshape", [x, target], {}, o.name);
  }

  flatten(x: GraphValue, axis = 1, o: NamedOutput = {}): GraphValue {
    return this.node("Flatten", [x], { axis: { kind: "int", value: axis } }, o.name);
  }

  concat(values: readonly GraphValue[], axis: number, o: NamedOutput = {}): GraphValue {
    return this.node("Concat", values, { axis: { kind: "int", value: axis } }, o.name);
  }

  transpose(x: GraphValue, perm: readonly number[], o: NamedOutput = {}): GraphValue {
    return this.node("Transpose", [x], { perm: { kind: "ints", value: perm } }, o.name);
  }

  /** ReduceMean with axes as an attribute (opset 13; opset 18 moved them to an input). */
  reduceMean(x: GraphValue, axes: readonly number[], keepDims = true, o: NamedOutput = {}): GraphValue {
    return this.node("ReduceMean", [x], { axes: { kind: "ints", value: axes }, keepdims: { kind: "int", value: keepDims ? 1 : 0 } }, o.name);
  }

  /** The ModelProto message (for inspection); `build()` serialises it. */
  toModelProto(): onnx.ModelProto {
    if (this.inputs.length === 0) throw new Error("ONNX graph: no inputs declared");
    if (this.outputs.length === 0) throw new Error("ONNX graph: no outputs declared");
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: "sasgraph",
      producerVersion: "0.1.0",
      opsetImport: [{ domain: "", version: OPSET_VERSION }],
      metadataProps: [...this.metadata].map(([key, value]) => ({ key, value })),
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
  }

  build(): Uint8Array {
    return onnx.ModelProto.encode(this.toModelProto()).finish();
  }
}
