/**
 * The catalogue browser (/browse) in a real browser: Debian's headless Chromium driven by
 * puppeteer-core, against a test server holding the demo catalogue (seeded as `npm start` seeds it).
 * Every page opens and renders; the plots draw one marker per plottable point the API returned;
 * the demo user's private dataset appears for the demo user only; every request the page makes goes
 * to the test server; the token is never in a URL. First render of each page is measured and printed
 * (no timed assertion). Skipped, with a notice, where no Chromium is installed.
 *
 * SASGRAPH_BROWSE_SCREENSHOTS=docs writes screenshots of the pages there (docs/browse-dataset.png is
 * the README's).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { CHROMIUM_ARGS, findChromium } from "../../bench/chromium";
import { seedDemoCatalogue } from "../../src/services/demo-seed";
import { startTestPlatform, type TestPlatform } from "../support/platform";

const chromium = findChromium();
if (!chromium) {
  console.warn("test/browser: no Chromium installed (apt-get install -y chromium, or set CHROMIUM_PATH): browser tests skipped");
}
const describeWithBrowser = chromium ? describe : describe.skip;

jest.setTimeout(180_000);

const PRIVATE_TITLE = "Core-shell micelles (unpublished, visible to the demo user only)";
const SILICA = "Silica spheres: radius and polydispersity sweep (SANS, simulated)";
const RODS = "Polystyrene rods: cylinder length and radius sweep (SAXS, simulated)";

interface CurveValues {
  points: number;
  q: number[];
  intensity: number[];
}

describeWithBrowser("catalogue browser in headless Chromium", () => {
  let t: TestPlatform;
  let browser: Browser;
  let bundleDir: string;
  let demoToken: string;
  let otherToken: string;
  const ids: Record<string, string> = {};
  const renders: { page: string; viewer: string; ms: number; inPageMs: number }[] = [];

  beforeAll(async () => {
    // The bundle `npm run build` makes, built here into a folder of the test's own.
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-browse-"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildBrowser } = require("../../web/build.js") as { buildBrowser: (outdir: string) => Promise<unknown> };
    await buildBrowser(bundleDir);
    process.env.SASGRAPH_BROWSE_DIR = bundleDir;
    t = await startTestPlatform({ workers: 1 });
    await seedDemoCatalogue(t.services);
    demoToken = await t.token("demo");
    otherToken = await t.token("mallory");
    const r = await t.gql<{ datasets: { edges: { node: { id: string; title: string } }[] } }>(
      `{ datasets(first: 50) { edges { node { id title } } } }`,
      {},
      demoToken,
    );
    for (const { node } of r.data!.datasets.edges) ids[node.title] = node.id;
    browser = await puppeteer.launch({ executablePath: chromium!, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    delete process.env.SASGRAPH_BROWSE_DIR;
    if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
    if (renders.length) {
      console.log(
        ["first render (navigation to rendered page; in-page: fetch + draw)", "| page | viewer | ms | in-page ms |", "| --- | --- | --- | --- |"]
          .concat(renders.map((r) => `| ${r.page} | ${r.viewer} | ${r.ms.toFixed(0)} | ${r.inPageMs.toFixed(0)} |`))
          .join("\n"),
      );
    }
  });

  /** A tab whose every request is checked: anything not for the test server is refused and recorded. */
  async function openTab(): Promise<{ page: Page; outside: string[]; urls: string[] }> {
    const outside: string[] = [];
    const urls: string[] = [];
    const page = await browser.newPage();
    // WebSockets are not intercepted like requests: the DevTools protocol reports each one opened.
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    cdp.on("Network.webSocketCreated", ({ url }) => {
      urls.push(url);
      const u = new URL(url);
      if (u.host !== new URL(t.url).host) outside.push(url);
    });
    await page.setViewport({ width: 1200, height: 900 });
    const origin = new URL(t.url).origin.replace("localhost", "127.0.0.1");
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const url = req.url();
      urls.push(url);
      const u = new URL(url);
      const local = u.origin === new URL(t.url).origin || u.origin === origin || u.protocol === "data:" || u.protocol === "blob:";
      if (local) void req.continue();
      else {
        outside.push(url);
        void req.abort();
      }
    });
    page.on("pageerror", (err) => console.error("page error:", err));
    return { page, outside, urls };
  }

  /** Go to a route and wait until that page says it has rendered; records the time it took. */
  async function show(page: Page, route: string, viewer: string): Promise<void> {
    const started = Date.now();
    if (!page.url().startsWith(`${t.url}/browse`)) await page.goto(`${t.url}/browse#${route}`);
    else await page.evaluate((r) => (location.hash = r), route);
    await page.waitForFunction(
      (r) => {
        const main = document.getElementById("page");
        return main?.dataset.state === "ready" && main.dataset.route === `#${r}`;
      },
      {},
      route,
    );
    const inPage = Number(await page.$eval("#page", (m) => (m as HTMLElement).dataset.renderMs));
    renders.push({ page: route.split("?")[0].replace(/\/[0-9a-f-]{36}/, "/:id"), viewer, ms: Date.now() - started, inPageMs: inPage });
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.type("input[name=token]", token);
    await Promise.all([page.click(".signin button"), page.waitForSelector(".me")]);
  }

  async function shot(page: Page, name: string): Promise<void> {
    const dir = process.env.SASGRAPH_BROWSE_SCREENSHOTS;
    if (dir) await page.screenshot({ path: path.join(dir, `browse-${name}.png`) });
  }

  const text = (page: Page) => page.$eval("#page", (m) => (m as HTMLElement).innerText);
  const drawn = (page: Page, selector: string) => page.$eval(selector, (el) => Number((el as HTMLElement).dataset.points));

  /** The points a log-log plot can show: q > 0 and I > 0. */
  const plottable = (curves: CurveValues[]) => curves.reduce((s, c) => s + c.q.filter((q, i) => q > 0 && c.intensity[i] > 0).length, 0);

  async function apiCurves(datasetId: string, first: number, token?: string): Promise<CurveValues[]> {
    const r = await t.gql<{ curves: { edges: { node: CurveValues }[] } }>(
      `query($id: ID!, $n: Int!) { curves(datasetId: $id, first: $n) { edges { node { points q intensity } } } }`,
      { id: datasetId, n: first },
      token,
    );
    return r.data!.curves.edges.map((e) => e.node);
  }

  test("/browse is served offline: the page and its bundle from this server, a CSP that allows nothing else", async () => {
    const res = await fetch(`${t.url}/browse`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html.match(/(src|href)="([^"]+)"/g)).toEqual(['href="/browse/browse.css"', 'src="/browse/browse.js"']);
    const js = await (await fetch(`${t.url}/browse/browse.js`)).text();
    expect(js.length).toBeGreaterThan(10_000);
    expect(js).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
  });

  test("anonymous: the catalogue lists the published datasets and not the private one", async () => {
    const { page, outside } = await openTab();
    await show(page, "/catalogue", "anonymous");
    const body = await text(page);
    expect(body).toContain(SILICA);
    expect(body).toContain(RODS);
    expect(body).not.toContain(PRIVATE_TITLE);
    await shot(page, "catalogue");
    // Search narrows the list, through the API's full-text filter.
    await page.type("input[name=text]", "cylinder");
    await page.click(".filters button[type=submit]");
    await page.waitForFunction(
      () => document.getElementById("page")?.dataset.route?.includes("text=cylinder") && document.getElementById("page")?.dataset.state === "ready",
    );
    const rows = await page.$$eval("table.datasets tbody tr", (trs) => trs.map((tr) => (tr as HTMLElement).innerText));
    expect(rows.some((r) => r.includes(RODS))).toBe(true);
    expect(rows.some((r) => r.includes(SILICA))).toBe(false);
    // The private dataset's own page does not exist for anonymous callers.
    await show(page, `/dataset/${ids[PRIVATE_TITLE]}`, "anonymous");
    const privatePage = await text(page);
    expect(privatePage).toContain("NOT_FOUND");
    expect(privatePage).not.toContain(PRIVATE_TITLE);
    await show(page, "/models", "anonymous");
    expect(await page.content()).not.toContain(PRIVATE_TITLE);
    expect(outside).toEqual([]);
    await page.close();
  });

  test("the catalogue pages through the Relay connection: every visible dataset once, then no next page", async () => {
    const { page, outside } = await openTab();
    await show(page, "/catalogue?n=2&order=TITLE_ASC", "anonymous");
    const seen: string[] = [];
    for (;;) {
      seen.push(...(await page.$$eval("table.datasets tbody tr", (trs) => trs.map((tr) => (tr as HTMLElement).dataset.id ?? ""))));
      const next = await page.$('a[rel="next"]');
      if (!next) break;
      const before = await page.$eval("#page", (m) => (m as HTMLElement).dataset.route);
      await next.click();
      await page.waitForFunction(
        (b) => document.getElementById("page")?.dataset.route !== b && document.getElementById("page")?.dataset.state === "ready",
        {},
        before,
      );
    }
    const r = await t.gql<{ datasets: { totalCount: number; edges: { node: { id: string } }[] } }>(
      `{ datasets(first: 100, orderBy: TITLE_ASC) { totalCount edges { node { id } } } }`,
    );
    expect(seen).toEqual(r.data!.datasets.edges.map((e) => e.node.id));
    expect(seen.length).toBe(r.data!.datasets.totalCount);
    expect(seen).not.toContain(ids[PRIVATE_TITLE]);
    expect(outside).toEqual([]);
    await page.close();
  });

  test("another user sees no private record of the demo user; the demo user does", async () => {
    const { page, outside, urls } = await openTab();
    await show(page, "/catalogue", "anonymous");
    await signIn(page, otherToken);
    await show(page, "/catalogue?order=TITLE_ASC", "mallory");
    expect(await text(page)).not.toContain(PRIVATE_TITLE);
    await show(page, `/provenance/${ids[SILICA]}`, "mallory");
    expect(await page.content()).not.toContain(PRIVATE_TITLE);
    await show(page, "/models", "mallory");
    expect(await page.content()).not.toContain(PRIVATE_TITLE);
    await page.click(".signout");
    await signIn(page, demoToken);
    await show(page, "/catalogue?order=TITLE_DESC", "demo");
    expect(await text(page)).toContain(PRIVATE_TITLE);
    // The token travels in a header only: never in any URL the page requested, nor in its address.
    for (const u of [...urls, page.url()]) {
      expect(u).not.toContain(demoToken);
      expect(u).not.toContain(otherToken);
    }
    expect(await page.evaluate(() => sessionStorage.getItem("sasgraph.token"))).toBe(demoToken);
    expect(outside).toEqual([]);
    await page.close();
  });

  test("a dataset page plots every point of its first curves with error bars, in 1/Å or 1/nm, and offers every download", async () => {
    const { page, outside } = await openTab();
    const id = ids[SILICA];
    await show(page, `/dataset/${id}`, "anonymous");
    const curves = await apiCurves(id, 10);
    expect(curves).toHaveLength(10);
    const expected = plottable(curves);
    expect(expected).toBeGreaterThan(1000);
    expect(await drawn(page, "#dataset-plot")).toBe(expected);
    const body = await text(page);
    expect(body).toContain("Curves 0–9 of 40");
    expect(body).toContain("radius_pd");
    expect(body).toContain("5 A"); // instrument wavelength with its unit
    expect(body).toContain("3.47 1e-6/A^2"); // sample SLD with its unit
    // The canvas really has the first curve's colour on it (a loose check of what is drawn).
    const blue = await page.$eval("#dataset-plot canvas", (c) => {
      const canvas = c as HTMLCanvasElement;
      const px = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - 0x1f) < 30 && Math.abs(px[i + 1] - 0x77) < 30 && Math.abs(px[i + 2] - 0xb4) < 30) n++;
      return n;
    });
    expect(blue).toBeGreaterThan(200);
    // Hover read-out.
    const box = (await page.$("#dataset-plot .u-over"))!;
    const bb = (await box.boundingBox())!;
    await page.mouse.move(bb.x + bb.width * 0.3, bb.y + bb.height * 0.3);
    await page.waitForFunction(() => document.querySelector("#dataset-plot .readout")?.textContent?.includes("q = "));
    const readA = (await page.$eval("#dataset-plot .readout", (r) => r.textContent)) ?? "";
    expect(readA).toMatch(/q = [\d.e+-]+ 1\/Å, I = [\d.e+-]+ ± [\d.e+-]+ 1\/cm/);
    await shot(page, "dataset");

    // 1/nm: the API converts (q x 10); the plot keeps every point and its axis says 1/nm.
    await page.click('button[data-unit="nm"]');
    await page.waitForFunction(
      () => document.getElementById("page")?.dataset.route?.includes("q=nm") && document.getElementById("page")?.dataset.state === "ready",
    );
    expect(await drawn(page, "#dataset-plot")).toBe(expected);
    await page.mouse.move(bb.x + bb.width * 0.3, bb.y + bb.height * 0.3);
    await page.waitForFunction(() => document.querySelector("#dataset-plot .readout")?.textContent?.includes("1/nm"));
    // Same cursor, same point (both axes scale alike): its q read in 1/nm is ten times its q in 1/Å, its I unchanged.
    const readNm = (await page.$eval("#dataset-plot .readout", (r) => r.textContent)) ?? "";
    const qOf = (r: string) => Number(/q = ([\d.e+-]+)/.exec(r)![1]);
    const iOf = (r: string) => /I = ([\d.e+-]+)/.exec(r)![1];
    expect(qOf(readNm) / qOf(readA)).toBeCloseTo(10, 3);
    expect(iOf(readNm)).toBe(iOf(readA));

    // Relay paging of curves: the next page plots curves 10-19.
    await Promise.all([
      page.click('a[rel="next"]'),
      page.waitForFunction(
        () => document.getElementById("page")?.dataset.route?.includes("after=") && document.getElementById("page")?.dataset.state === "ready",
      ),
    ]);
    expect(await text(page)).toContain("Curves 10–19 of 40");

    // Every export format gives a download link on this server.
    await show(page, `/dataset/${id}`, "anonymous");
    const formats = await page.$$eval(".downloads button", (bs) => bs.map((b) => (b as HTMLElement).dataset.format));
    expect(formats).toEqual(["CSV", "JSON", "NPY", "CANSAS_XML", "NXCANSAS", "SASVIEW_ZIP"]);
    for (const f of formats) await page.click(`.downloads button[data-format="${f}"]`);
    await page.waitForFunction(() => document.querySelectorAll(".downloads a").length === 6, { timeout: 60_000 });
    const links = await page.$$eval(".downloads a", (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const l of links) expect(new URL(l).origin).toBe(new URL(t.url).origin);
    const csv = await fetch(links[0]);
    expect(csv.status).toBe(200);
    expect(outside).toEqual([]);
    await page.close();
  });

  test("compare overlays curves picked from two datasets", async () => {
    const { page, outside } = await openTab();
    await show(page, `/dataset/${ids[SILICA]}`, "anonymous");
    const boxes = await page.$$("input.compare");
    await boxes[0].click();
    await boxes[3].click();
    await show(page, `/dataset/${ids[RODS]}`, "anonymous");
    await (await page.$$("input.compare"))[1].click();
    await show(page, "/compare", "anonymous");
    const silica = await apiCurves(ids[SILICA], 4);
    const rods = await apiCurves(ids[RODS], 2);
    expect(await drawn(page, "#compare-plot")).toBe(plottable([silica[0], silica[3], rods[1]]));
    expect(await page.$$eval("ul.picked li", (li) => li.length)).toBe(3);
    await shot(page, "compare");
    expect(outside).toEqual([]);
    await page.close();
  });

  test("provenance draws the API's graph, every node linking to a page", async () => {
    const { page, outside } = await openTab();
    const id = ids[SILICA];
    await show(page, `/provenance/${id}`, "anonymous");
    const r = await t.gql<{ provenance: { nodes: { id: string; type: string }[]; edges: unknown[] } }>(
      `query($id: ID!) { provenance(id: $id, depth: 3) { nodes { id type } edges { relation } } }`,
      { id },
    );
    const graph = r.data!.provenance;
    expect(graph.nodes.length).toBeGreaterThanOrEqual(3);
    expect(await page.$$eval("svg.prov g.node", (g) => g.length)).toBe(graph.nodes.length);
    expect(await page.$$eval("svg.prov path.edge", (p) => p.length)).toBe(graph.edges.length);
    const hrefs = await page.$$eval("svg.prov a", (as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toHaveLength(graph.nodes.length);
    await shot(page, "provenance");
    // The activity node opens the graph around the activity.
    const activity = graph.nodes.find((n) => n.type === "ACTIVITY")!;
    await Promise.all([
      page.click(`svg.prov g.node[data-id="${activity.id}"]`),
      page.waitForFunction(
        (a) => document.getElementById("page")?.dataset.route === `#/provenance/${a}` && document.getElementById("page")?.dataset.state === "ready",
        {},
        activity.id,
      ),
    ]);
    expect(await page.$$eval("svg.prov g.node.root", (g) => g.map((x) => x.getAttribute("data-id")))).toEqual([activity.id]);
    expect(outside).toEqual([]);
    await page.close();
  });

  test("jobs: a simulation started from the page shows live progress to the end through the subscription", async () => {
    const { page, outside, urls } = await openTab();
    await show(page, "/jobs", "anonymous");
    await signIn(page, demoToken);
    await show(page, "/jobs?x=1", "demo");
    await page.$eval("form.start input[name=count]", (i) => ((i as HTMLInputElement).value = "6"));
    await page.click("form.start button[type=submit]");
    await page.waitForSelector("#job-live .job");
    await page.waitForSelector('#job-live .job[data-state="SUCCEEDED"]', { timeout: 120_000 });
    expect(await page.$eval("#job-live .job", (j) => Number((j as HTMLElement).dataset.progress))).toBe(1);
    // What the page shows came through graphql-ws on this server.
    await page.waitForSelector('#job-stream[data-done="true"]');
    const states = await page.$eval("#job-stream", (s) => (s as HTMLElement).dataset.states ?? "");
    console.log(`job states received through jobProgress: ${states}`);
    expect(states.split(",").pop()).toBe("SUCCEEDED");
    expect(urls.filter((u) => u.startsWith("ws:"))).toEqual([`${t.url.replace("http:", "ws:")}/graphql`]);
    await shot(page, "job");
    // The job's dataset opens and plots its 6 curves of 100 points.
    await Promise.all([
      page.click("#job-live .job a"),
      page.waitForFunction(() => document.getElementById("page")?.dataset.page === "dataset" && document.getElementById("page")?.dataset.state === "ready"),
    ]);
    expect(await drawn(page, "#dataset-plot")).toBe(600);
    expect(outside).toEqual([]);
    await page.close();
  });

  test("models: cards with versions, aliases and metrics; predict on a catalogue curve is plotted beside it", async () => {
    const { page, outside } = await openTab();
    await show(page, "/models", "anonymous");
    const names = await page.$$eval("article.model", (a) => a.map((x) => (x as HTMLElement).dataset.name));
    expect(names.sort()).toEqual(["shape-classifier", "sphere-inferrer"]);
    const body = await text(page);
    expect(body).toContain("sphere-inferrer@production");
    expect(body).toContain("Evaluation");
    await page.select("form.predict select[name=model]", "sphere-inferrer@production");
    // On a curve of its own training set (in its domain: the demo sweeps have another contrast and scale).
    const training = Object.keys(ids).find((k) => k.startsWith("sphere-inferrer training data"))!;
    await page.select("form.predict select[name=dataset]", ids[training]);
    await page.$eval("form.predict input[name=curve]", (i) => ((i as HTMLInputElement).value = "7"));
    await page.click("form.predict button[type=submit]");
    await page.waitForSelector("#predict-plot[data-points]", { timeout: 60_000 });
    const curve = (await apiCurves(ids[training], 8))[7];
    expect(await drawn(page, "#predict-plot")).toBe(plottable([curve]));
    const prediction = await page.$eval("#prediction", (p) => (p as HTMLElement).innerText);
    expect(prediction).toMatch(/radius\s+[\d.]+ Å/);
    await shot(page, "predict");
    // The predicted parameters drawn as a sphere curve beside the data (a second series in the legend).
    expect(await page.$$eval("#predict-plot .legend li", (li) => li.length)).toBe(2);
    // The classifier gives its classes.
    await page.select("form.predict select[name=model]", "shape-classifier@production");
    await page.click("form.predict button[type=submit]");
    await page.waitForSelector("#prediction ul.classes li");
    expect(outside).toEqual([]);
    await page.close();
  });
});
