import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../server/context";
import { DatasetSvdType } from "../schema/analysis";
import type { DatasetSvd } from "../services/analysis-service";

@Resolver()
export class AnalysisResolver {
  @Query(() => DatasetSvdType, { description: "SVD of a dataset's curves: is the data low-rank enough to learn from? (papers 000, 003)" })
  datasetSvd(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("components", () => Int, { defaultValue: 3 }) components: number,
    @Arg("center", { defaultValue: false, description: "Subtract the mean curve first (PCA)" }) center: boolean,
    @Arg("log10", { defaultValue: false, description: "Analyse log10 I(q)" }) log10: boolean,
  ): Promise<DatasetSvd> {
    return services.analysis.svd(viewer, { datasetId, components, center, log10 });
  }
}
