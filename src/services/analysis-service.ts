import { curveSvd, AnalysisInputError } from "../compute/analysis";
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

/** Analyses of whole datasets: the SVD feasibility check of papers 000 and 003. */
export class AnalysisService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
  ) {}

  async svd(viewer: Viewer, req: SvdRequest): Promise<DatasetSvd> {
    const dataset = await this.catalogue.getDataset(viewer, req.datasetId);
    if (dataset.curveCount === 0) throw badInput("the dataset has no curves", "datasetId");
    if (dataset.curveCount > MAX_SVD_CURVES) throw tooLarge(`the dataset has ${dataset.curveCount} curves; the SVD query handles at most ${MAX_SVD_CURVES}`, "datasetId");
    const curves = await this.curves.curvesOfDataset(dataset.id);
    const first = curves[0];
    // Columns must mean the same q in every row: identical grids (and units) are required.
    for (const c of curves) {
      if (c.qUnit !== first.qUnit || c.q.length !== first.q.length || c.q.some((v, i) => v !== first.q[i])) {
        throw badInput(`curve ${c.index} has a different q grid from curve 0: the SVD needs all curves on one grid (interpolate them first)`, "datasetId");
      }
    }
    try {
      const result = curveSvd(curves.map((c) => Float64Array.from(c.intensity)), { components: req.components, center: req.center, log10: req.log10 });
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
      if (err instanceof AnalysisInputError) throw badInput(err.message, err.field === "components" ? "components" : "datasetId");
      throw err;
    }
  }
}
