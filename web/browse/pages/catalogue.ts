/** The catalogue: full-text search, filters, and Relay paging through `datasets`. */
import { gql } from "../api";
import { append, date, h, link } from "../dom";
import { go, routeTo, type Route } from "../router";

interface DatasetRow {
  id: string;
  title: string;
  kind: string;
  technique: string;
  curveCount: number;
  published: boolean;
  createdAt: string;
  keywords: string[];
  owner: { name: string };
  instrument: { name: string } | null;
  sample: { name: string } | null;
}

interface CatalogueData {
  datasets: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: DatasetRow }[] };
  instruments: { id: string; name: string }[];
  samples: { id: string; name: string }[];
}

const QUERY = `query Catalogue($first: Int!, $after: String, $filter: DatasetFilterInput, $orderBy: DatasetOrder!) {
  datasets(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id title kind technique curveCount published createdAt keywords owner { name } instrument { name } sample { name } } }
  }
  instruments { id name }
  samples { id name }
}`;

const TECHNIQUES = ["SANS", "SAXS", "XPCS"];
const KINDS = ["MEASURED", "SIMULATED", "VIRTUAL_EXPERIMENT", "DERIVED"];
const ORDERS = ["CREATED_DESC", "CREATED_ASC", "TITLE_ASC", "TITLE_DESC"];
const PAGE_SIZE = 20;

/** The filter as the hash carries it (one letter names keep URLs short). */
function filterOf(p: URLSearchParams): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (p.get("text")) f.text = p.get("text");
  if (p.get("technique")) f.technique = p.get("technique")!.split(",");
  if (p.get("kind")) f.kind = p.get("kind")!.split(",");
  if (p.get("instrument")) f.instrumentId = p.get("instrument");
  if (p.get("sample")) f.sampleId = p.get("sample");
  if (p.get("keywords"))
    f.keywords = p
      .get("keywords")!
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
  if (p.get("owner")) f.owner = p.get("owner");
  if (p.get("published")) f.published = p.get("published") === "yes";
  return f;
}

function select(name: string, current: string | null, options: [string, string][]): HTMLSelectElement {
  return h(
    "select",
    { name },
    options.map(([v, label]) => h("option", { value: v, selected: v === (current ?? "") }, label)),
  );
}

export async function cataloguePage(main: HTMLElement, route: Route): Promise<void> {
  const p = route.params;
  const after = p.get("after");
  const size = Math.min(100, Math.max(1, Math.floor(Number(p.get("n"))) || PAGE_SIZE));
  const data = await gql<CatalogueData>(QUERY, { first: size, after, filter: filterOf(p), orderBy: p.get("order") ?? "CREATED_DESC" });

  const form = h(
    "form",
    { class: "filters" },
    h("input", { type: "search", name: "text", value: p.get("text") ?? "", placeholder: "Search titles, keywords, descriptions", "aria-label": "search" }),
    h(
      "fieldset",
      {},
      TECHNIQUES.map((t) =>
        h("label", {}, h("input", { type: "checkbox", name: "technique", value: t, checked: (p.get("technique") ?? "").split(",").includes(t) }), t),
      ),
    ),
    select("kind", p.get("kind"), [["", "any kind"], ...KINDS.map((k): [string, string] => [k, k.toLowerCase().replace("_", " ")])]),
    select("instrument", p.get("instrument"), [["", "any instrument"], ...data.instruments.map((i): [string, string] => [i.id, i.name])]),
    select("sample", p.get("sample"), [["", "any sample"], ...data.samples.map((s): [string, string] => [s.id, s.name])]),
    h("input", { type: "text", name: "keywords", value: p.get("keywords") ?? "", placeholder: "keywords, comma-separated", "aria-label": "keywords" }),
    h("input", { type: "text", name: "owner", value: p.get("owner") ?? "", placeholder: "owner", "aria-label": "owner" }),
    select("published", p.get("published"), [
      ["", "published or not"],
      ["yes", "published"],
      ["no", "unpublished"],
    ]),
    select(
      "order",
      p.get("order"),
      ORDERS.map((o): [string, string] => [o, o.toLowerCase().replace("_", " ")]),
    ),
    p.get("n") ? h("input", { type: "hidden", name: "n", value: p.get("n") ?? "" }) : null,
    h("button", { type: "submit" }, "Search"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const params: Record<string, string> = {};
    for (const key of ["text", "kind", "instrument", "sample", "keywords", "owner", "published", "order", "n"]) params[key] = String(fd.get(key) ?? "");
    params.technique = fd.getAll("technique").map(String).join(",");
    go(routeTo("catalogue", null, params));
  });

  const { datasets } = data;
  const rows = datasets.edges.map(({ node: d }) =>
    h(
      "tr",
      { "data-id": d.id },
      h(
        "td",
        {},
        link(routeTo("dataset", d.id), d.title),
        d.keywords.length
          ? h(
              "div",
              { class: "keywords" },
              d.keywords.map((k) => h("span", { class: "kw" }, k)),
            )
          : null,
      ),
      h("td", {}, d.kind.toLowerCase().replace("_", " ")),
      h("td", {}, d.technique),
      h("td", { class: "num" }, d.curveCount),
      h("td", {}, d.instrument?.name ?? "—"),
      h("td", {}, d.sample?.name ?? "—"),
      h("td", {}, d.owner.name),
      h("td", {}, d.published ? "published" : h("span", { class: "private" }, "private")),
      h("td", {}, date(d.createdAt)),
    ),
  );
  const params = Object.fromEntries(p.entries());
  const pager = h(
    "div",
    { class: "pager" },
    after ? h("button", { type: "button", onclick: () => history.back() }, "← Previous") : null,
    h("span", {}, `${datasets.totalCount} dataset${datasets.totalCount === 1 ? "" : "s"}`),
    datasets.pageInfo.hasNextPage && datasets.pageInfo.endCursor
      ? h("a", { class: "button", rel: "next", href: `#${routeTo("catalogue", null, { ...params, after: datasets.pageInfo.endCursor })}` }, "Next →")
      : null,
  );
  append(
    main,
    h("h1", {}, "Catalogue"),
    form,
    h(
      "table",
      { class: "datasets" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Title", "Kind", "Technique", "Curves", "Instrument", "Sample", "Owner", "Access", "Created"].map((c) => h("th", {}, c)),
        ),
      ),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 9, class: "muted" }, "No dataset you may see matches."))),
    ),
    pager,
  );
}
