/** Compare: overlay up to COMPARE_MAX curves picked on dataset pages (any datasets the viewer may see). */
import { append, h, I_UNIT_LABEL, link, Q_UNIT_LABEL } from "../dom";
import { plotCurves } from "../plot";
import { routeTo, type Route } from "../router";
import { COMPARE_MAX, compareList, setCompareList, type CurveRef } from "../session";
import { curveLabel, fetchCurves, qUnitOf, unitSwitch, type CurveNode } from "./curves";

async function fetchOne(ref: CurveRef, qUnit: string | null): Promise<CurveNode | null> {
  const page = await fetchCurves(ref.datasetId, 1, ref.after, qUnit);
  const node = page.edges[0]?.node;
  return node && node.index === ref.index ? node : null;
}

export async function comparePage(main: HTMLElement, route: Route): Promise<void> {
  const refs = compareList();
  append(main, h("h1", {}, "Compare curves"));
  if (!refs.length) {
    append(
      main,
      h("p", {}, `Tick up to ${COMPARE_MAX} curves on dataset pages (their “compare” column), then come back here.`),
      link(routeTo("catalogue"), "Go to the catalogue"),
    );
    return;
  }
  const wanted = qUnitOf(route);
  // A curve that vanished (deleted, or no longer visible to this viewer) is dropped from the list, not shown.
  const settled = await Promise.allSettled(refs.map((r) => fetchOne(r, wanted)));
  const found = refs.map((ref, i) => ({ ref, curve: settled[i].status === "fulfilled" ? settled[i].value : null }));
  const missing = found.filter((f) => !f.curve);
  const shown = found.filter((f): f is { ref: CurveRef; curve: CurveNode } => f.curve !== null);
  const convertible = shown.every((s) => s.curve.qUnit !== "REDUCED");
  const qUnit = wanted && convertible ? wanted : (shown[0]?.curve.qUnit ?? "INV_ANGSTROM");
  const iUnits = new Set(shown.map((s) => s.curve.intensityUnit));
  const iUnit = [...iUnits][0] ?? "INV_CM";

  const plotBox = h("div", { class: "plot-box", id: "compare-plot" });
  append(
    main,
    h(
      "div",
      { class: "toolbar" },
      unitSwitch(route, qUnit, convertible),
      h("button", { type: "button", onclick: () => (setCompareList([]), location.reload()) }, "Clear all"),
    ),
    iUnits.size > 1
      ? h("p", { class: "error" }, `The curves are in different intensity units (${[...iUnits].join(", ")}); they are drawn on one axis as given.`)
      : null,
    missing.length ? h("p", { class: "muted" }, `${missing.length} picked curve(s) are no longer visible to you and are left out.`) : null,
    plotBox,
  );
  plotCurves(
    plotBox,
    shown.map((s) => ({ label: `${s.ref.datasetTitle} ${curveLabel(s.curve, [])}`, q: s.curve.q, intensity: s.curve.intensity, dI: s.curve.dI })),
    { qUnit: Q_UNIT_LABEL[qUnit] ?? qUnit, intensityUnit: I_UNIT_LABEL[iUnit] ?? iUnit },
  );
  append(
    main,
    h(
      "ul",
      { class: "picked" },
      shown.map((s) =>
        h(
          "li",
          {},
          link(routeTo("dataset", s.ref.datasetId), s.ref.datasetTitle),
          ` curve #${s.ref.index} (${s.curve.points} points) `,
          h(
            "button",
            {
              type: "button",
              onclick: () => {
                setCompareList(compareList().filter((r) => !(r.datasetId === s.ref.datasetId && r.index === s.ref.index)));
                window.dispatchEvent(new Event("hashchange"));
              },
            },
            "remove",
          ),
        ),
      ),
    ),
  );
}
