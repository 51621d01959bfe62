/** A small DOM builder: every text goes in as a text node, so nothing the API returns is parsed as HTML. */
export type Child = Node | string | number | null | undefined | false;
export type Children = Child | Children[];
type Attr = string | number | boolean | undefined | null | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Children[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(key.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(key, "");
    else if (value !== false && value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Children[]): void {
  for (const c of children.flat(Infinity as 1) as Child[]) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  return el;
}

/** A link to a page of the browser (hash route: the page's state, never the token). */
export function link(route: string, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href: `#${route}` }, ...children);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(5))) : v.toExponential(3);
}

export function date(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—";
}

/** The unit spellings of the API's enums, as a scientist writes them. */
export const Q_UNIT_LABEL: Record<string, string> = { INV_ANGSTROM: "1/Å", INV_NM: "1/nm", REDUCED: "q·L₀" };
export const I_UNIT_LABEL: Record<string, string> = { INV_CM: "1/cm", INV_M: "1/m", ARBITRARY: "a.u.", COUNTS: "counts", DIMENSIONLESS: "dimensionless" };

function isQuantity(v: unknown): v is { value: unknown; unit: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "value" in v && typeof (v as { unit?: unknown }).unit === "string";
}

function scalar(v: unknown): string {
  if (typeof v === "number") return num(v);
  if (Array.isArray(v)) return v.length > 12 ? `[${v.slice(0, 12).map(scalar).join(", ")}, … ${v.length} values]` : `[${v.map(scalar).join(", ")}]`;
  if (typeof v === "object" && v !== null) return JSON.stringify(v);
  return String(v);
}

/** Metadata as the API stores it ({value, unit} leaves shown as "value unit"), as nested definition lists. */
export function metadataView(meta: unknown, depth = 0): HTMLElement {
  if (isQuantity(meta)) {
    const rest = Object.entries(meta).filter(([k]) => k !== "value" && k !== "unit");
    return h(
      "span",
      { class: "quantity" },
      `${scalar(meta.value)} ${meta.unit}`.trim(),
      rest.length
        ? h("span", { class: "muted" }, " (", rest.map(([k, v]) => `${k}: ${isQuantity(v) ? `${scalar(v.value)} ${v.unit}` : scalar(v)}`).join(", "), ")")
        : null,
    );
  }
  if (typeof meta !== "object" || meta === null || Array.isArray(meta) || depth > 4) return h("span", {}, scalar(meta));
  const entries = Object.entries(meta as Record<string, unknown>);
  if (entries.length === 0) return h("span", { class: "muted" }, "—");
  return h(
    "dl",
    { class: "meta" },
    entries.map(([k, v]) => [h("dt", {}, k), h("dd", {}, metadataView(v, depth + 1))]),
  );
}
