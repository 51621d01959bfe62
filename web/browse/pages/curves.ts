/** Curves as the pages fetch them, and the q-unit switch (the API converts; the browser never does). */
import { gql } from "../api";
import { h } from "../dom";
import { go, routeTo, type Route } from "../router";

export interface CurveNode {
  id: string;
  index: number;
  title: string | null;
  qUnit: string;
  intensityUnit: string;
  parameters: Record<string, unknown>;
  points: number;
  q: number[];
  intensity: number[];
  dI: number[] | null;
  dQ: number[] | null;
  resolution: string;
}

export interface CurvePage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: CurveNode }[];
}

const CURVES = `query Curves($id: ID!, $first: Int!, $after: String, $q: QUnit) {
  curves(datasetId: $id, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id index title qUnit intensityUnit parameters points q(unit: $q) intensity dI dQ(unit: $q) resolution } }
  }
}`;

/** "nm" or "A" from the route; null: as submitted (REDUCED q cannot convert). */
export function qUnitOf(route: Route): string | null {
  const q = route.params.get("q");
  return q === "nm" ? "INV_NM" : q === "A" ? "INV_ANGSTROM" : null;
}

export async function fetchCurves(datasetId: string, first: number, after: string | null, qUnit: string | null): Promise<CurvePage> {
  return (await gql<{ curves: CurvePage }>(CURVES, { id: datasetId, first, after, q: qUnit })).curves;
}

/** The 1/Å ↔ 1/nm switch: a route parameter, so the choice survives a reload. */
export function unitSwitch(route: Route, shown: string, convertible: boolean): HTMLElement {
  const button = (code: string, label: string, unit: string) =>
    h(
      "button",
      {
        type: "button",
        class: shown === unit ? "on" : "",
        disabled: !convertible,
        "data-unit": code,
        onclick: () => go(routeTo(route.page, route.id, { ...Object.fromEntries(route.params.entries()), q: code })),
      },
      label,
    );
  return h("span", { class: "unit-switch" }, "q in ", button("A", "1/Å", "INV_ANGSTROM"), button("nm", "1/nm", "INV_NM"));
}

/** A short label for a curve: its title, or its swept parameters. */
export function curveLabel(c: CurveNode, keys: string[]): string {
  if (c.title) return `#${c.index} ${c.title}`;
  const bits = keys.slice(0, 3).map((k) => {
    const v = c.parameters[k];
    return `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : String(v)}`;
  });
  return `#${c.index}${bits.length ? ` ${bits.join(" ")}` : ""}`;
}

/** Parameters that differ between the curves (what a sweep varied), else all of them. */
export function variedKeys(curves: CurveNode[]): string[] {
  const keys = [...new Set(curves.flatMap((c) => Object.keys(c.parameters)))];
  const varied = keys.filter((k) => new Set(curves.map((c) => JSON.stringify(c.parameters[k]))).size > 1);
  return varied.length ? varied : keys;
}
