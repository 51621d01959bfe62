/** A dataset: its metadata with units, files and downloads, its curves plotted log-log with their parameters. */
import { gql } from "../api";
import { append, bytes, date, h, I_UNIT_LABEL, link, metadataView, num, Q_UNIT_LABEL } from "../dom";
import { plotCurves } from "../plot";
import { routeTo, type Route } from "../router";
import { inCompare, toggleCompare, COMPARE_MAX } from "../session";
import { curveLabel, fetchCurves, qUnitOf, unitSwitch, variedKeys } from "./curves";

interface DatasetData {
  dataset: {
    id: string;
    title: string;
    description: string;
    kind: string;
    technique: string;
    keywords: string[];
    license: string;
    metadata: Record<string, unknown>;
    published: boolean;
    curveCount: number;
    byteSize: number;
    createdAt: string;
    updatedAt: string;
    owner: { name: string; displayName: string | null };
    ownerGroup: { name: string } | null;
    accessGroups: { name: string }[];
    instrument: { name: string; facility: string; technique: string; metadata: Record<string, unknown> } | null;
    sample: { name: string; composition: string | null; description: string; metadata: Record<string, unknown> } | null;
    proposal: { code: string; title: string } | null;
    files: { id: string; format: string; role: string; filename: string | null; size: number; sha256: string; createdAt: string; url: string }[];
    generatedBy: {
      id: string;
      kind: string;
      label: string;
      softwareName: string;
      softwareVersion: string;
      gitCommit: string | null;
      seed: number | null;
      parameters: Record<string, unknown>;
      status: string;
    } | null;
  };
}

const QUERY = `query Dataset($id: ID!) {
  dataset(id: $id) {
    id title description kind technique keywords license metadata published curveCount byteSize createdAt updatedAt
    owner { name displayName } ownerGroup { name } accessGroups { name }
    instrument { name facility technique metadata }
    sample { name composition description metadata }
    proposal { code title }
    files { id format role filename size sha256 createdAt url }
    generatedBy { id kind label softwareName softwareVersion gitCommit seed parameters status }
  }
}`;

const EXPORT_FORMATS = ["CSV", "JSON", "NPY", "CANSAS_XML", "NXCANSAS", "SASVIEW_ZIP"];
export const CURVES_PER_PAGE = 10;

function downloadButton(datasetId: string, format: string): HTMLElement {
  const slot = h("span", { class: "download" });
  const button = h("button", { type: "button", "data-format": format }, format.replace("_", " "));
  button.addEventListener("click", () => {
    button.disabled = true;
    gql<{ requestDownload: { url: string; filename: string; size: number } }>(
      `mutation($id: ID!, $f: ExportFormat!) { requestDownload(datasetId: $id, format: $f) { url filename size } }`,
      { id: datasetId, f: format },
    )
      .then(({ requestDownload: d }) =>
        slot.replaceChildren(h("a", { href: d.url, download: d.filename, "data-format": format }, `${d.filename} (${bytes(d.size)})`)),
      )
      .catch((err: Error) => slot.replaceChildren(h("span", { class: "error" }, `${format}: ${err.message}`)));
  });
  slot.append(button);
  return slot;
}

export async function datasetPage(main: HTMLElement, route: Route): Promise<void> {
  const id = route.id ?? "";
  const after = route.params.get("after");
  const wanted = qUnitOf(route);
  const [{ dataset: d }, curves] = await Promise.all([gql<DatasetData>(QUERY, { id }), fetchCurves(id, CURVES_PER_PAGE, after, wanted)]);
  const nodes = curves.edges.map((e) => e.node);
  const convertible = nodes.every((c) => c.qUnit !== "REDUCED");
  const qUnit = wanted && convertible ? wanted : (nodes[0]?.qUnit ?? "INV_ANGSTROM");
  const iUnit = nodes[0]?.intensityUnit ?? "INV_CM";
  const keys = variedKeys(nodes);

  append(
    main,
    h("h1", {}, d.title),
    h(
      "p",
      { class: "subtitle" },
      `${d.kind.toLowerCase().replace("_", " ")} · ${d.technique} · ${d.curveCount} curves · ${bytes(d.byteSize)} · `,
      d.published ? "published" : h("span", { class: "private" }, "private"),
      " · ",
      link(routeTo("provenance", d.id), "provenance graph"),
    ),
    d.description ? h("p", {}, d.description) : null,
  );

  // The plot first: what a scientist looks at.
  const plotBox = h("div", { class: "plot-box", id: "dataset-plot" });
  const pageAfter = (k: number): string | null => (k === 0 ? after : curves.edges[k - 1].cursor);
  const endIndex = nodes.length ? nodes[nodes.length - 1].index : 0;
  append(
    main,
    h(
      "section",
      {},
      h(
        "div",
        { class: "toolbar" },
        h("h2", {}, `Curves ${nodes.length ? `${nodes[0].index}–${endIndex}` : ""} of ${d.curveCount}`),
        unitSwitch(route, qUnit, convertible),
        after ? h("button", { type: "button", onclick: () => history.back() }, "← Previous curves") : null,
        curves.pageInfo.hasNextPage && curves.pageInfo.endCursor
          ? h(
              "a",
              {
                class: "button",
                rel: "next",
                href: `#${routeTo("dataset", id, { ...Object.fromEntries(route.params.entries()), after: curves.pageInfo.endCursor })}`,
              },
              "Next curves →",
            )
          : null,
      ),
      plotBox,
    ),
  );
  if (nodes.length) {
    plotCurves(
      plotBox,
      nodes.map((c) => ({ label: curveLabel(c, keys), q: c.q, intensity: c.intensity, dI: c.dI })),
      { qUnit: Q_UNIT_LABEL[qUnit] ?? qUnit, intensityUnit: I_UNIT_LABEL[iUnit] ?? iUnit },
    );
  } else plotBox.append(h("p", { class: "muted" }, "No curves."));

  // Parameters of each curve, with a box to pick it for comparison.
  const allKeys = [...new Set(nodes.flatMap((c) => Object.keys(c.parameters)))];
  const cols = [...keys, ...allKeys.filter((k) => !keys.includes(k))].slice(0, 14);
  append(
    main,
    h(
      "section",
      {},
      h("h2", {}, "Curve parameters"),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "params" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", {}, "#"),
              h("th", {}, "points"),
              h("th", {}, "resolution"),
              cols.map((k) => h("th", { class: keys.includes(k) ? "varied" : "" }, k)),
              h("th", {}, `compare (≤ ${COMPARE_MAX})`),
            ),
          ),
          h(
            "tbody",
            {},
            nodes.map((c, k) =>
              h(
                "tr",
                {},
                h("td", {}, c.index),
                h("td", { class: "num" }, c.points),
                h("td", {}, c.resolution.toLowerCase()),
                cols.map((key) => {
                  const v = c.parameters[key];
                  return h("td", { class: "num" }, typeof v === "number" ? num(v) : v === undefined ? "" : String(v));
                }),
                h(
                  "td",
                  {},
                  h("input", {
                    type: "checkbox",
                    class: "compare",
                    "aria-label": `compare curve ${c.index}`,
                    checked: inCompare(id, c.index),
                    onchange: (e: Event) => {
                      const box = e.target as HTMLInputElement;
                      if (!toggleCompare({ datasetId: id, datasetTitle: d.title, index: c.index, after: pageAfter(k) })) {
                        box.checked = false;
                        alert(`At most ${COMPARE_MAX} curves can be compared; remove one on the Compare page.`);
                      }
                      window.dispatchEvent(new Event("sasgraph:compare"));
                    },
                  }),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );

  // Metadata and context, each value with its unit.
  const facts: [string, Node | string][] = [
    ["Owner", d.owner.displayName ? `${d.owner.displayName} (${d.owner.name})` : d.owner.name],
    ["Group", d.ownerGroup?.name ?? "—"],
    ["Shared with", d.accessGroups.map((g) => g.name).join(", ") || "—"],
    ["Keywords", d.keywords.join(", ") || "—"],
    ["License", d.license],
    ["Created", date(d.createdAt)],
    ["Updated", date(d.updatedAt)],
  ];
  if (d.proposal) facts.push(["Proposal", `${d.proposal.code}: ${d.proposal.title}`]);
  append(
    main,
    h(
      "section",
      { class: "columns" },
      h(
        "div",
        {},
        h("h2", {}, "About"),
        h(
          "dl",
          { class: "meta" },
          facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
        ),
      ),
      h("div", {}, h("h2", {}, "Metadata"), metadataView(d.metadata)),
      d.instrument
        ? h(
            "div",
            {},
            h("h2", {}, "Instrument"),
            h("p", {}, `${d.instrument.name}, ${d.instrument.facility} (${d.instrument.technique})`),
            metadataView(d.instrument.metadata),
          )
        : null,
      d.sample
        ? h(
            "div",
            {},
            h("h2", {}, "Sample"),
            h("p", {}, d.sample.name, d.sample.composition ? ` — ${d.sample.composition}` : ""),
            metadataView(d.sample.metadata),
          )
        : null,
      d.generatedBy
        ? h(
            "div",
            {},
            h("h2", {}, "Generated by"),
            h(
              "p",
              {},
              link(routeTo("provenance", d.generatedBy.id), d.generatedBy.label || d.generatedBy.kind),
              ` — ${d.generatedBy.softwareName} ${d.generatedBy.softwareVersion}${d.generatedBy.gitCommit ? ` (${d.generatedBy.gitCommit.slice(0, 10)})` : ""}${d.generatedBy.seed !== null ? `, seed ${d.generatedBy.seed}` : ""}, ${d.generatedBy.status}`,
            ),
            metadataView(d.generatedBy.parameters),
          )
        : null,
    ),
  );

  append(
    main,
    h(
      "section",
      {},
      h("h2", {}, "Download"),
      h(
        "p",
        { class: "downloads" },
        EXPORT_FORMATS.map((f) => downloadButton(id, f)),
      ),
      d.files.length
        ? h(
            "table",
            { class: "files" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["File", "Format", "Role", "Size", "sha256", "Added"].map((c) => h("th", {}, c)),
              ),
            ),
            h(
              "tbody",
              {},
              d.files.map((f) =>
                h(
                  "tr",
                  {},
                  h("td", {}, h("a", { href: f.url, download: f.filename ?? "" }, f.filename ?? f.id)),
                  h("td", {}, f.format),
                  h("td", {}, f.role.toLowerCase()),
                  h("td", { class: "num" }, bytes(f.size)),
                  h("td", { class: "hash" }, f.sha256.slice(0, 16) + "…"),
                  h("td", {}, date(f.createdAt)),
                ),
              ),
            ),
          )
        : h("p", { class: "muted" }, "No stored files (exports are made on request)."),
    ),
  );
}
