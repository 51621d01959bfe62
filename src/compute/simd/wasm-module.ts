/**
 * A minimal WebAssembly binary writer: enough to build small numeric kernels (i32 arithmetic,
 * loops, v128 loads/stores and float lane arithmetic) in memory at run time. Why not a .wat file
 * and an assembler: no toolchain is installed here, and a kernel emitted from TypeScript needs no
 * build step, no committed binary and no dependency; WebAssembly.validate checks what we emit.
 * Opcodes: the WebAssembly core specification 2.0 (binary format, SIMD proposal merged).
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32 constants). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Instruction builder: each method appends one instruction's bytes. */
export class Code {
  readonly bytes: number[] = [];
  private emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  get(local: number): this {
    return this.emit(0x20, ...uleb(local));
  }
  set(local: number): this {
    return this.emit(0x21, ...uleb(local));
  }
  tee(local: number): this {
    return this.emit(0x22, ...uleb(local));
  }
  i32(value: number): this {
    return this.emit(0x41, ...sleb(value));
  }
  add(): this {
    return this.emit(0x6a);
  }
  mul(): this {
    return this.emit(0x6c);
  }
  ltS(): this {
    return this.emit(0x48);
  }
  /** loop with an empty block type; close with end(). */
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }
  end(): this {
    return this.emit(0x0b);
  }
  private simd(op: number, ...imm: number[]): this {
    return this.emit(0xfd, ...uleb(op), ...imm);
  }
  /** v128.load at [address + offset] (alignment hint 0: unaligned allowed). */
  v128Load(offset = 0): this {
    return this.simd(0x00, 0, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 0, ...uleb(offset));
  }
  /** One f64 at [address + offset] into both lanes. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a, 0, ...uleb(offset));
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  f64x2Lane(lane: number): this {
    return this.simd(0x21, lane);
  }
  f64Add(): this {
    return this.emit(0xa0);
  }
  f64Store(offset = 0): this {
    return this.emit(0x39, 3, ...uleb(offset));
  }
}

export interface FunctionDef {
  name: string;
  params: number[];
  /** Extra locals' types, in order after the parameters. */
  locals: number[];
  body: Code;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = [...Buffer.from(s, "utf8")];
  return [...uleb(b.length), ...b];
}

/** A module importing env.memory and exporting each function (no results). */
export function buildModule(functions: FunctionDef[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  const imports = [[...name("env"), ...name("memory"), 0x02, 0x00, 0x01]];
  const bodies = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [1, t]));
    const body = [...locals, ...f.body.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}
