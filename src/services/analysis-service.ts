import { curveSvd, AnalysisInputError, type CurveSvd } from "../compute/analysis";
import { PoolTaskError } from "../workers/pool";
import { offloaded, type HeavyWork } from "./heavy/heavy-work";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import { badInput, tooLarge } from "./errors";
import type { Viewer } from "./viewer";

export interface SvdRequest {
  datasetId: string;
  components: number;
  center: boolean;
  log10: boolean;
}

export interface DatasetSvd {
  q: number[];
  qUnit: string;
  curveIds: string[];
  singularValues: number[];
  explainedVariance: number[];
  components: number[][];
  scores: number[][];
  columnMean: number[] | null;
}

/** Most curves analysed in one request (the SVD runs in the API process). */
export const MAX_SVD_CURVES = 20_000;
/** Most matrix cells (curves x q points): the SVD's time grows as cells x min(curves, points). */
export const MAX_SVD_CELLS = 4_000_000;
/** Below this many cells the SVD runs inline (well under a millisecond per cell column). */
export const INLINE_SVD_CELLS = 20_000;

/** Numbers a datasetSvd answer carries: q, curve ids, singular values twice, components, scores, mean. */
export function svdResponseValues(curves: number, points: number, components: number): number {
  const rank = Math.min(curves, points);
  return points + curves + 2 * rank + components * points + curves * components + points;
}

/** Analyses of whole datasets: the SVD feasibility check of papers 000 and 003. */
export class AnalysisService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
    private readonly heavy?: HeavyWork,
    private readonly limits: { maxResponseValues: number } = { maxResponseValues: Number.POSITIVE_INFINITY },
  ) {}

  async svd(viewer: Viewer, req: SvdRequest): Promise<DatasetSvd> {
    const dataset = await this.catalogue.getDataset(viewer, req.datasetId);
    if (dataset.curveCount === 0) throw badInput("the dataset has no curves", "datasetId");
    if (dataset.curveCount > MAX_SVD_CURVES)
      throw tooLarge(`the dataset has ${dataset.curveCount} curves; the SVD query handles at most ${MAX_SVD_CURVES}`, "datasetId");
    // Sized from the first curve before all are read: reading them is event-loop time too.
    const [head] = await this.curves.firstCurvesOfDatasets([dataset.id], 1);
    if (head && dataset.curveCount * head.q.length > MAX_SVD_CELLS) {
      throw tooLarge(
        `the dataset has ${dataset.curveCount} curves of ${head.q.length} points; the SVD query handles at most ${MAX_SVD_CELLS} values`,
        "datasetId",
      );
    }
    const curves = await this.curves.curvesOfDataset(dataset.id);
    const first = curves[0];
    // Columns must mean the same q in every row: identical grids (and units) are required.
    for (const c of curves) {
      if (c.qUnit !== first.qUnit || c.q.length !== first.q.length || c.q.some((v, i) => v !== first.q[i])) {
        throw badInput(`curve ${c.index} has a different q grid from curve 0: the SVD needs all curves on one grid (interpolate them first)`, "datasetId");
      }
    }
    const cells = curves.length * first.q.length;
    if (cells > MAX_SVD_CELLS)
      throw tooLarge(`the dataset has ${curves.length} curves of ${first.q.length} points; the SVD query handles at most ${MAX_SVD_CELLS} values`, "datasetId");
    const values = svdResponseValues(curves.length, first.q.length, req.components);
    if (values > this.limits.maxResponseValues) {
      throw badInput(`the answer would carry ${values} numbers; the limit is ${this.limits.maxResponseValues}: ask for fewer components`, "components");
    }
    try {
      const rows = curves.map((c) => Float64Array.from(c.intensity));
      const options = { components: req.components, center: req.center, log10: req.log10 };
      const result: CurveSvd =
        this.heavy && cells > INLINE_SVD_CELLS
          ? await offloaded(this.heavy.pool.run("svd", { curves: rows, options }, { transfer: rows.map((r) => r.buffer as ArrayBuffer) }))
          : curveSvd(rows, options);
      return {
        q: first.q,
        qUnit: first.qUnit,
        curveIds: curves.map((c) => c.id),
        singularValues: Array.from(result.singularValues),
        explainedVariance: Array.from(result.explainedVariance),
        components: result.components.map((v) => Array.from(v)),
        scores: result.scores.map((v) => Array.from(v)),
        columnMean: result.columnMean ? Array.from(result.columnMean) : null,
      };
    } catch (err) {
      if (err instanceof AnalysisInputError || (err instanceof PoolTaskError && err.name === "AnalysisInputError")) {
        throw badInput(err.message, (err as { field?: string }).field === "components" ? "components" : "datasetId");
      }
      throw err;
    }
  }
}
