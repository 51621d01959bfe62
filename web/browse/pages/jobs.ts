/**
 * Jobs: live progress of a job through the `jobProgress` subscription (graphql-ws). The API lists no
 * one's jobs, so the page keeps those started or watched in this tab, and can start a small sweep.
 */
import { gql, subscribe, type Subscription } from "../api";
import { append, date, h, link } from "../dom";
import { go, routeTo, type Route } from "../router";
import { jobList, rememberJob, token } from "../session";

interface Job {
  id: string;
  queue: string;
  state: string;
  progress: number;
  message: string;
  result: { datasetIds?: string[]; [k: string]: unknown } | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

const FIELDS = "id queue state progress message result error createdAt updatedAt";
let live: Subscription | null = null;

function jobView(job: Job): HTMLElement {
  const ids = job.result?.datasetIds ?? [];
  return h(
    "div",
    { class: `job ${job.state.toLowerCase()}`, "data-state": job.state, "data-progress": job.progress },
    h("div", { class: "job-head" }, h("strong", {}, job.queue), ` · ${job.state.toLowerCase()} · ${(job.progress * 100).toFixed(0)} %`),
    h("progress", { max: 1, value: job.progress }),
    h("p", {}, job.message || "—"),
    job.error ? h("p", { class: "error" }, job.error) : null,
    ids.length
      ? h(
          "p",
          {},
          "Made: ",
          ids.map((id) => link(routeTo("dataset", id), `dataset ${id.slice(0, 8)}…`)),
        )
      : null,
    h("p", { class: "muted" }, `started ${date(job.createdAt)}, updated ${date(job.updatedAt)}`),
  );
}

async function watch(main: HTMLElement, id: string): Promise<void> {
  const { job } = await gql<{ job: Job }>(`query($id: ID!) { job(id: $id) { ${FIELDS} } }`, { id });
  rememberJob(id);
  const box = h("div", { id: "job-live" }, jobView(job));
  const status = h("p", { class: "muted", id: "job-stream", "data-updates": 0 }, "live: subscribed to jobProgress");
  append(main, h("h1", {}, `Job ${id.slice(0, 8)}…`), box, status);
  // Subscribed even to a finished job: the subscription answers with the status now, then each change until the end.
  const seen: string[] = [];
  live = subscribe<{ jobProgress: Job }>(
    `subscription($id: ID!) { jobProgress(id: $id) { ${FIELDS} } }`,
    { id },
    (data) => {
      box.replaceChildren(jobView(data.jobProgress));
      seen.push(data.jobProgress.state);
      status.dataset.updates = String(seen.length);
      status.dataset.states = seen.join(",");
    },
    (err) => status.replaceChildren(h("span", { class: "error" }, err.message)),
    () => {
      status.textContent = `finished (${seen.length} update${seen.length === 1 ? "" : "s"} received live)`;
      status.dataset.done = "true";
    },
  );
}

function startForm(): HTMLElement {
  const form = h(
    "form",
    { class: "start" },
    h("h2", {}, "Start a simulation"),
    h(
      "p",
      { class: "muted" },
      "A sphere sweep over radius (Latin hypercube), 5 % resolution, on 100 q points from 0.003 to 0.5 1/Å; the dataset it makes is private to you.",
    ),
    h("label", {}, "Title ", h("input", { name: "title", value: "Sphere sweep from the browser", required: true })),
    h("label", {}, "Curves ", h("input", { name: "count", type: "number", min: 1, max: 200, value: 20 })),
    h(
      "label",
      {},
      "Radius from ",
      h("input", { name: "rmin", type: "number", step: "any", value: 20 }),
      " to ",
      h("input", { name: "rmax", type: "number", step: "any", value: 80 }),
      " Å",
    ),
    h("button", { type: "submit" }, "Start"),
  );
  const out = h("p", {});
  form.append(out);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const input = {
      title: String(fd.get("title")),
      sasModel: {
        model: "sphere",
        parameters: { sld: 3.47, sld_solvent: 6.36, scale: 0.01, background: 0.001 },
        ranges: [{ name: "radius", min: Number(fd.get("rmin")), max: Number(fd.get("rmax")) }],
        count: Number(fd.get("count")),
        q: { min: 0.003, max: 0.5, points: 100 },
        resolution: 0.05,
      },
    };
    gql<{ startSimulation: { id: string } }>(`mutation($input: StartSimulationInput!) { startSimulation(input: $input) { id } }`, { input })
      .then(({ startSimulation }) => {
        rememberJob(startSimulation.id);
        go(routeTo("jobs", startSimulation.id));
      })
      .catch((err: Error) => out.replaceChildren(h("span", { class: "error" }, err.message)));
  });
  return form;
}

export async function jobsPage(main: HTMLElement, route: Route): Promise<void> {
  live?.close();
  live = null;
  if (route.id) return watch(main, route.id);
  const idInput = h("input", { name: "job", placeholder: "job id", "aria-label": "job id" });
  append(
    main,
    h("h1", {}, "Jobs"),
    h(
      "form",
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (idInput.value.trim()) go(routeTo("jobs", idInput.value.trim()));
        },
      },
      "Watch a job: ",
      idInput,
      h("button", { type: "submit" }, "Watch"),
    ),
  );
  const ids = jobList();
  if (ids.length) {
    const settled = await Promise.allSettled(ids.map((id) => gql<{ job: Job }>(`query($id: ID!) { job(id: $id) { ${FIELDS} } }`, { id })));
    append(
      main,
      h("h2", {}, "Jobs of this tab"),
      h(
        "ul",
        { class: "jobs" },
        settled.map((s, i) =>
          h(
            "li",
            {},
            link(routeTo("jobs", ids[i]), ids[i].slice(0, 8) + "…"),
            s.status === "fulfilled"
              ? ` ${s.value.job.queue} · ${s.value.job.state.toLowerCase()} · ${(s.value.job.progress * 100).toFixed(0)} %`
              : " (not visible)",
          ),
        ),
      ),
    );
  }
  append(main, token() ? startForm() : h("p", { class: "muted" }, "Sign in with a token to start a simulation."));
}
