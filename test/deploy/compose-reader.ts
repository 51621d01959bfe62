/**
 * A reader for the strict YAML subset that docker-compose.yml is kept in, and Compose's `${VAR}`
 * interpolation. No YAML library is a declared dependency, so rather than half-parse YAML in general
 * this reads a small subset exactly and rejects everything else with the line number:
 *
 *   - block maps (`key: value`, `key:` + a deeper-indented block), spaces only, no duplicate keys;
 *   - block sequences (`- item`, indented deeper than their key) of scalars or flow sequences;
 *   - scalars: "double-quoted" (JSON escapes), 'single-quoted', or plain (kept as strings: `2` and
 *     `true` stay "2" and "true", the checks convert where they need to);
 *   - flow sequences of scalars: `["serve", "--workers", "0"]`;
 *   - `&anchor` on a block map or scalar, `*alias`, and `<<: *alias` merges into a map
 *     (explicit keys win, as in YAML 1.1);
 *   - `#` comments (whole-line, or after a space outside quotes); a key with nothing after it is null.
 *
 * Rejected: flow maps `{...}`, block scalars `|` `>`, tags `!`, documents `---`, tabs, maps inside
 * sequences, nested flow sequences.
 */

export type YamlValue = string | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export class YamlSubsetError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "YamlSubsetError";
  }
}

interface Line {
  no: number;
  indent: number;
  text: string;
}

function stripComment(raw: string): string {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (quote === '"' && c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (i === 0 || raw[i - 1] === " ")) {
      return raw.slice(0, i);
    }
  }
  return raw;
}

function toLines(source: string): Line[] {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const no = index + 1;
    const indentText = /^[ \t]*/.exec(raw)![0];
    if (indentText.includes("\t") && raw.trim() !== "") throw new YamlSubsetError("tab in indentation", no);
    const text = stripComment(raw).trimEnd();
    if (text.trim() === "") return;
    if (/^(---|\.\.\.)(\s|$)/.test(text) || text.startsWith("%")) throw new YamlSubsetError("documents and directives are outside the subset", no);
    lines.push({ no, indent: indentText.length, text: text.slice(indentText.length) });
  });
  return lines;
}

class Reader {
  private i = 0;
  private readonly anchors = new Map<string, YamlValue>();

  constructor(private readonly lines: Line[]) {}

  readDocument(): YamlMap {
    if (this.lines.length === 0) return {};
    const first = this.lines[0];
    if (first.indent !== 0) throw new YamlSubsetError("the document must start at column 1", first.no);
    const value = this.readBlock(0);
    if (this.i < this.lines.length) throw new YamlSubsetError("unexpected indentation", this.lines[this.i].no);
    if (value === null || Array.isArray(value) || typeof value !== "object") throw new YamlSubsetError("the document must be a map", first.no);
    return value;
  }

  private readBlock(indent: number): YamlValue {
    const line = this.lines[this.i];
    return line.text === "-" || line.text.startsWith("- ") ? this.readSequence(indent) : this.readMap(indent);
  }

  /** The block below a `key:` or `-` whose own indentation is `parentIndent`, or null when there is none. */
  private readNested(parentIndent: number): YamlValue {
    const next = this.lines[this.i];
    if (!next || next.indent <= parentIndent) return null;
    return this.readBlock(next.indent);
  }

  private readMap(indent: number): YamlMap {
    const map: YamlMap = {};
    const merged: YamlMap[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlSubsetError("unexpected indentation", line.no);
      if (line.text === "-" || line.text.startsWith("- ")) throw new YamlSubsetError("a sequence item where a map key was expected", line.no);
      const m = /^(<<|[A-Za-z0-9_][A-Za-z0-9_.\-/]*):(?:[ ]+(.*))?$/.exec(line.text);
      if (!m) throw new YamlSubsetError(`not a "key: value" line of the subset: ${line.text}`, line.no);
      const [, key, rest = ""] = m;
      this.i++;
      let value: YamlValue;
      const anchorOnly = /^&([A-Za-z0-9_-]+)$/.exec(rest);
      if (rest === "" || anchorOnly) {
        value = this.readNested(indent);
        if (anchorOnly) this.anchors.set(anchorOnly[1], value);
      } else {
        value = this.inline(rest, line.no);
      }
      if (key === "<<") {
        if (value === null || Array.isArray(value) || typeof value !== "object") throw new YamlSubsetError("<< must merge an alias of a map", line.no);
        merged.push(value);
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(map, key)) throw new YamlSubsetError(`duplicate key "${key}"`, line.no);
      map[key] = value;
    }
    for (const source of merged) {
      for (const [k, v] of Object.entries(source)) if (!Object.prototype.hasOwnProperty.call(map, k)) map[k] = v;
    }
    return map;
  }

  private readSequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlSubsetError("unexpected indentation", line.no);
      if (!(line.text === "-" || line.text.startsWith("- "))) throw new YamlSubsetError("a map key where a sequence item was expected", line.no);
      const rest = line.text.slice(1).trim();
      this.i++;
      if (rest === "") {
        const nested = this.readNested(indent);
        if (nested !== null && !Array.isArray(nested)) throw new YamlSubsetError("maps inside sequences are outside the subset", line.no);
        items.push(nested);
      } else {
        if (/^[A-Za-z0-9_][A-Za-z0-9_.\-/]*:( |$)/.test(rest)) throw new YamlSubsetError("maps inside sequences are outside the subset", line.no);
        items.push(this.inline(rest, line.no));
      }
    }
    return items;
  }

  private inline(text: string, no: number): YamlValue {
    const anchored = /^&([A-Za-z0-9_-]+)\s+(.*)$/.exec(text);
    if (anchored) {
      const value = this.inline(anchored[2], no);
      this.anchors.set(anchored[1], value);
      return value;
    }
    const alias = /^\*([A-Za-z0-9_-]+)$/.exec(text);
    if (alias) {
      if (!this.anchors.has(alias[1])) throw new YamlSubsetError(`unknown alias *${alias[1]}`, no);
      return this.anchors.get(alias[1])!;
    }
    if (text.startsWith("[")) return flowSequence(text, no);
    return scalar(text, no);
  }
}

/** One scalar that makes up the whole of `text`. */
function scalar(text: string, no: number): string {
  const [value, end] = scalarAt(text, 0, no, false);
  if (end !== text.length) throw new YamlSubsetError(`text after a quoted scalar: ${text}`, no);
  return value;
}

/** Read a scalar starting at `start`; inside a flow sequence a plain scalar ends at `,` or `]`. */
function scalarAt(text: string, start: number, no: number, inFlow: boolean): [string, number] {
  const c = text[start];
  if (c === '"') {
    let end = start + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
    if (end >= text.length) throw new YamlSubsetError("unterminated double-quoted string", no);
    try {
      return [JSON.parse(text.slice(start, end + 1)) as string, end + 1];
    } catch {
      throw new YamlSubsetError(`bad escape in ${text.slice(start, end + 1)}`, no);
    }
  }
  if (c === "'") {
    let out = "";
    let end = start + 1;
    for (;;) {
      if (end >= text.length) throw new YamlSubsetError("unterminated single-quoted string", no);
      if (text[end] === "'") {
        if (text[end + 1] === "'") {
          out += "'";
          end += 2;
          continue;
        }
        return [out, end + 1];
      }
      out += text[end++];
    }
  }
  if (c === "{") throw new YamlSubsetError("flow maps {...} are outside the subset", no);
  if (c === "[") throw new YamlSubsetError("nested flow sequences are outside the subset", no);
  if (c === "|" || c === ">") throw new YamlSubsetError("block scalars | and > are outside the subset", no);
  if (c === "!" || c === "@" || c === "`" || c === "%" || c === "&" || c === "*") {
    throw new YamlSubsetError(`a plain scalar may not start with ${c}`, no);
  }
  let end = start;
  while (end < text.length && !(inFlow && (text[end] === "," || text[end] === "]"))) end++;
  const value = text.slice(start, end).trim();
  if (/: |:$/.test(value)) throw new YamlSubsetError(`plain scalar contains ": " (quote it): ${value}`, no);
  return [value, end];
}

function flowSequence(text: string, no: number): string[] {
  if (!text.endsWith("]")) throw new YamlSubsetError(`a flow sequence must end the line: ${text}`, no);
  const items: string[] = [];
  let i = 1;
  const skip = () => {
    while (text[i] === " ") i++;
  };
  skip();
  if (text[i] === "]") {
    if (i !== text.length - 1) throw new YamlSubsetError(`text after ]: ${text}`, no);
    return items;
  }
  for (;;) {
    skip();
    const [value, end] = scalarAt(text, i, no, true);
    if (value === "") throw new YamlSubsetError(`empty item in flow sequence: ${text}`, no);
    items.push(value);
    i = end;
    skip();
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "]" && i === text.length - 1) return items;
    throw new YamlSubsetError(`malformed flow sequence: ${text}`, no);
  }
}

/** Parse a document of the subset; throws YamlSubsetError on anything outside it. */
export function readYamlSubset(source: string): YamlMap {
  return new Reader(toLines(source)).readDocument();
}

/**
 * Compose's interpolation: `$$` is a literal `$`; `${VAR}` and `$VAR`; `${VAR:-default}` (unset or
 * empty), `${VAR-default}` (unset); `${VAR:?message}` and `${VAR?message}` fail. Unset without a
 * default gives "" (Compose warns and does the same).
 */
export function interpolate(value: string, env: Record<string, string | undefined> = {}): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== "$") {
      out += c;
      continue;
    }
    const next = value[i + 1];
    if (next === "$") {
      out += "$";
      i++;
      continue;
    }
    if (next === "{") {
      const close = value.indexOf("}", i + 2);
      if (close < 0) throw new Error(`unterminated \${ in ${value}`);
      const body = value.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])(.*))?$/s.exec(body);
      if (!m) throw new Error(`bad interpolation \${${body}} in ${value}`);
      const [, name, colon, op, arg] = m;
      const current = env[name];
      const missing = current === undefined || (colon === ":" && current === "");
      if (op === "-") out += missing ? arg : current;
      else if (op === "?") {
        if (missing) throw new Error(`required variable ${name} is missing: ${arg}`);
        out += current;
      } else out += current ?? "";
      i = close;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(i + 1));
    if (bare) {
      out += env[bare[0]] ?? "";
      i += bare[0].length;
      continue;
    }
    out += c;
  }
  return out;
}
