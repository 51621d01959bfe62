/**
 * The catalogue browser served at /browse: a thin client of the public GraphQL API. Each page is a
 * function that fills the main element; `data-state` on it says when the page has rendered (the
 * browser tests and the first-render figure wait for "ready").
 */
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { gql, ApiError } from "./api";
import { h, link } from "./dom";
import { currentRoute, type Route } from "./router";
import { compareList, setToken, token } from "./session";
import { cataloguePage } from "./pages/catalogue";
import { datasetPage } from "./pages/dataset";
import { comparePage } from "./pages/compare";
import { provenancePage } from "./pages/provenance";
import { jobsPage } from "./pages/jobs";
import { modelsPage } from "./pages/models";

type Page = (main: HTMLElement, route: Route) => Promise<void>;

const PAGES: Record<string, Page> = {
  catalogue: cataloguePage,
  dataset: datasetPage,
  compare: comparePage,
  provenance: provenancePage,
  jobs: jobsPage,
  models: modelsPage,
};

const main = h("main", { id: "page" });
const viewer = h("div", { class: "viewer" });
const compareCount = h("span", { class: "badge" });

function nav(): HTMLElement {
  return h(
    "header",
    {},
    h("a", { class: "brand", href: "#/catalogue" }, "sasgraph"),
    h(
      "nav",
      {},
      link("/catalogue", "Catalogue"),
      link("/compare", "Compare ", compareCount),
      link("/jobs", "Jobs"),
      link("/models", "Models"),
      h("a", { href: "/", title: "GraphiQL: the API this browser uses" }, "API"),
    ),
    viewer,
  );
}

/** The token box: entered once, kept in this tab's sessionStorage, sent as the Authorization header. */
async function renderViewer(): Promise<void> {
  const t = token();
  if (!t) {
    const input = h("input", { type: "password", name: "token", placeholder: "API token (sgt_…)", autocomplete: "off", "aria-label": "API token" });
    const form = h(
      "form",
      {
        class: "signin",
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (!input.value.trim()) return;
          setToken(input.value.trim());
          void refresh();
        },
      },
      h("span", { class: "muted" }, "Anonymous: published data only. "),
      input,
      h("button", { type: "submit" }, "Sign in"),
    );
    viewer.replaceChildren(form);
    return;
  }
  try {
    const { me } = await gql<{ me: { name: string; displayName: string | null; groups: { name: string }[] } | null }>(
      "{ me { name displayName groups { name } } }",
    );
    viewer.replaceChildren(
      h("span", { class: "me", title: me?.groups.map((g) => g.name).join(", ") ?? "" }, `Signed in as ${me?.displayName ?? me?.name ?? "?"}`),
      h("button", { type: "button", class: "signout", onclick: () => (setToken(null), void refresh()) }, "Sign out"),
    );
  } catch (err) {
    // A revoked or mistyped token: say so and drop it, rather than failing every page.
    setToken(null);
    await renderViewer();
    viewer.prepend(h("span", { class: "error" }, err instanceof ApiError ? `${err.message} ` : "token refused "));
  }
}

let generation = 0;

async function renderPage(): Promise<void> {
  const mine = ++generation;
  const route = currentRoute();
  const page = PAGES[route.page];
  compareCount.textContent = String(compareList().length || "");
  main.dataset.state = "loading";
  main.dataset.page = route.page;
  main.dataset.route = location.hash;
  const started = performance.now();
  const body = h("div", { class: "page" });
  // Attached at once: plots size themselves from their container's width.
  main.replaceChildren(body);
  try {
    if (!page) body.append(h("p", { class: "error" }, `No page "${route.page}".`));
    else await page(body, route);
  } catch (err) {
    body.append(h("p", { class: "error" }, err instanceof ApiError ? `${err.code ?? "ERROR"}: ${err.message}` : String(err)));
  }
  if (mine !== generation) return; // a newer navigation owns the screen
  main.dataset.renderMs = (performance.now() - started).toFixed(1);
  main.dataset.state = "ready";
}

async function refresh(): Promise<void> {
  await renderViewer();
  await renderPage();
}

document.body.replaceChildren(nav(), main);
window.addEventListener("hashchange", () => void renderPage());
window.addEventListener("sasgraph:compare", () => (compareCount.textContent = String(compareList().length || "")));
void refresh();
