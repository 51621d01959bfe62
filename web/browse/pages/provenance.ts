/**
 * Provenance: the graph around a record drawn in SVG, nodes in columns by their distance from the
 * record (inputs to the left, outputs to the right), each linking to its own page.
 */
import { gql } from "../api";
import { append, h, link, svg } from "../dom";
import { routeTo, type Route } from "../router";

interface ProvNode {
  id: string;
  type: string;
  label: string;
}
interface ProvEdge {
  relation: string;
  subjectId: string;
  objectId: string;
}
interface ProvData {
  provenance: { root: ProvNode; nodes: ProvNode[]; edges: ProvEdge[]; truncated: boolean };
}

const QUERY = `query Prov($id: ID!, $depth: Int!) {
  provenance(id: $id, depth: $depth) { root { id type label } nodes { id type label } edges { relation subjectId objectId } truncated }
}`;

const FILL: Record<string, string> = {
  DATASET: "#dbeafe",
  ACTIVITY: "#fde68a",
  MODEL_VERSION: "#e9d5ff",
  SAMPLE: "#bbf7d0",
  INSTRUMENT: "#fecaca",
  USER: "#e5e7eb",
  SOFTWARE: "#fed7aa",
};

/** Where a node's page is: datasets and models have their own; anything else re-centres the graph on it. */
export function nodeRoute(n: ProvNode): string | null {
  if (n.type === "DATASET") return routeTo("dataset", n.id);
  if (n.type === "MODEL_VERSION") return routeTo("models", null, { version: n.id });
  if (n.type === "USER") return routeTo("catalogue", null, { owner: n.label });
  return routeTo("provenance", n.id);
}

/**
 * Column of each node: PROV edges point from the newer record to the older one (generated-by, used,
 * derived-from), so following an edge forward steps left (older) and backward steps right.
 */
function columns(root: string, nodes: ProvNode[], edges: ProvEdge[]): Map<string, number> {
  const col = new Map<string, number>([[root, 0]]);
  const queue = [root];
  while (queue.length) {
    const id = queue.shift()!;
    const c = col.get(id)!;
    for (const e of edges) {
      const next = e.subjectId === id ? [e.objectId, c - 1] : e.objectId === id ? [e.subjectId, c + 1] : null;
      if (next && !col.has(next[0] as string)) {
        col.set(next[0] as string, next[1] as number);
        queue.push(next[0] as string);
      }
    }
  }
  for (const n of nodes) if (!col.has(n.id)) col.set(n.id, 0);
  return col;
}

export async function provenancePage(main: HTMLElement, route: Route): Promise<void> {
  const id = route.id ?? "";
  const depth = Number(route.params.get("depth") ?? 3);
  const { provenance: p } = await gql<ProvData>(QUERY, { id, depth });
  const col = columns(p.root.id, p.nodes, p.edges);
  const minCol = Math.min(...col.values());
  const byCol = new Map<number, ProvNode[]>();
  for (const n of p.nodes) {
    const c = col.get(n.id)! - minCol;
    byCol.set(c, [...(byCol.get(c) ?? []), n]);
  }
  const W = 250;
  const H = 54;
  const GAP_X = 150;
  const GAP_Y = 18;
  const ncols = Math.max(...byCol.keys(), 0) + 1;
  const nrows = Math.max(...[...byCol.values()].map((v) => v.length), 1);
  const width = ncols * (W + GAP_X) + 20;
  const height = nrows * (H + GAP_Y) + 20;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [c, list] of byCol) {
    const offset = ((nrows - list.length) * (H + GAP_Y)) / 2;
    list.forEach((n, r) => pos.set(n.id, { x: 10 + c * (W + GAP_X), y: 10 + offset + r * (H + GAP_Y) }));
  }

  const graph = svg("svg", { class: "prov", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "provenance graph" });
  graph.append(
    svg(
      "defs",
      {},
      svg(
        "marker",
        { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" },
        svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#666" }),
      ),
    ),
  );
  for (const e of p.edges) {
    const a = pos.get(e.subjectId);
    const b = pos.get(e.objectId);
    if (!a || !b) continue;
    const right = b.x > a.x;
    const x1 = a.x + (right ? W : 0);
    const x2 = b.x + (right ? 0 : W);
    const y1 = a.y + H / 2;
    const y2 = b.y + H / 2;
    const sameCol = a.x === b.x;
    const path = sameCol
      ? `M ${a.x + W} ${y1} C ${a.x + W + 40} ${y1}, ${b.x + W + 40} ${y2}, ${b.x + W} ${y2}`
      : `M ${x1} ${y1} C ${(x1 + x2) / 2} ${y1}, ${(x1 + x2) / 2} ${y2}, ${x2} ${y2}`;
    graph.append(
      svg("path", { d: path, fill: "none", stroke: "#888", "marker-end": "url(#arrow)", class: "edge", "data-relation": e.relation }),
      svg("text", { x: (x1 + x2) / 2 + (sameCol ? W / 2 + 40 : 0), y: (y1 + y2) / 2 - 4, class: "relation", "text-anchor": "middle" }, e.relation),
    );
  }
  for (const n of p.nodes) {
    const at = pos.get(n.id)!;
    const target = nodeRoute(n);
    const label = n.label.length > 34 ? `${n.label.slice(0, 33)}…` : n.label;
    const box = svg(
      "g",
      { class: `node${n.id === p.root.id ? " root" : ""}`, "data-type": n.type, "data-id": n.id },
      svg("rect", {
        x: at.x,
        y: at.y,
        width: W,
        height: H,
        rx: 6,
        fill: FILL[n.type] ?? "#fff",
        stroke: n.id === p.root.id ? "#111" : "#999",
        "stroke-width": n.id === p.root.id ? 2 : 1,
      }),
      svg("text", { x: at.x + 8, y: at.y + 18, class: "type" }, n.type.toLowerCase().replace("_", " ")),
      svg("text", { x: at.x + 8, y: at.y + 38, class: "label" }, svg("title", {}, n.label), label),
    );
    if (target) {
      const a = svg("a", { href: `#${target}` });
      a.append(box);
      graph.append(a);
    } else graph.append(box);
  }

  append(
    main,
    h("h1", {}, "Provenance of ", nodeRoute(p.root) && p.root.type !== "ACTIVITY" ? link(nodeRoute(p.root)!, p.root.label) : p.root.label),
    h(
      "p",
      { class: "toolbar" },
      `${p.nodes.length} nodes, ${p.edges.length} relations, depth `,
      ...[1, 2, 3, 5].map((dd) => (dd === depth ? h("strong", {}, ` ${dd} `) : link(routeTo("provenance", id, { depth: String(dd) }), ` ${dd} `))),
      p.truncated ? h("span", { class: "error" }, " (stopped at the node limit)") : null,
      " · inputs on the left, what was made on the right; click a node to open it",
    ),
    h("div", { class: "scroll" }, graph),
  );
}
