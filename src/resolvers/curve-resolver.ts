import { Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Curve } from "../entities";
import type { Context } from "../server/context";
import { intensityConversionFactor, qConversionFactor, UnitError } from "../compute/units";
import { badInput } from "../services/errors";
import { CurveColumnType, CurveConnection, CurveType, ParameterRangeInput } from "../schema/curve";
import { resolutionKindOf, type ResolutionKind as ResolutionKindValue } from "../formats/curve";
import { DatasetType } from "../schema/dataset";
import { IntensityUnit, QUnit, ResolutionKind } from "../schema/enums";
import { toConnection } from "./connection";

function scaled(values: number[] | null, factor: number): number[] | null {
  if (!values) return null;
  return factor === 1 ? values : values.map((v) => v * factor);
}

function qFactor(curve: Curve, unit: QUnit | null): number {
  if (!unit) return 1;
  try {
    return qConversionFactor(curve.qUnit, unit);
  } catch (err) {
    if (err instanceof UnitError) throw badInput(err.message, "unit");
    throw err;
  }
}

function intensityFactor(curve: Curve, unit: IntensityUnit | null): number {
  if (!unit) return 1;
  try {
    return intensityConversionFactor(curve.intensityUnit, unit);
  } catch (err) {
    if (err instanceof UnitError) throw badInput(err.message, "unit");
    throw err;
  }
}

@Resolver(() => CurveType)
export class CurveResolver {
  @Query(() => CurveConnection, { description: "Curves of a dataset in order; `where` keeps those whose parameters fall in every range" })
  async curves(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("first", () => Int, { defaultValue: 100 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("where", () => [ParameterRangeInput], { nullable: true }) where: ParameterRangeInput[] | null,
  ) {
    const page = await services.curves.listCurves(viewer, { datasetId, first, after, where: where ?? undefined });
    return toConnection(page, Boolean(after));
  }

  @FieldResolver(() => [Float], { description: "q values; in `unit` when given, else as submitted (qUnit)" })
  q(@Root() c: Curve, @Arg("unit", () => QUnit, { nullable: true }) unit: QUnit | null, @Ctx() { curveValues }: Context): number[] {
    curveValues.spend(c.q.length, "q");
    return scaled(c.q, qFactor(c, unit))!;
  }

  @FieldResolver(() => [Float], { description: "I(q); in `unit` when given (absolute units only convert into each other)" })
  intensity(@Root() c: Curve, @Arg("unit", () => IntensityUnit, { nullable: true }) unit: IntensityUnit | null, @Ctx() { curveValues }: Context): number[] {
    curveValues.spend(c.intensity.length, "intensity");
    return scaled(c.intensity, intensityFactor(c, unit))!;
  }

  @FieldResolver(() => [Float], { nullable: true, description: "One-sigma uncertainty of I, in the unit of `intensity`" })
  dI(@Root() c: Curve, @Arg("unit", () => IntensityUnit, { nullable: true }) unit: IntensityUnit | null, @Ctx() { curveValues }: Context): number[] | null {
    curveValues.spend(c.dIntensity?.length ?? 0, "dI");
    return scaled(c.dIntensity, intensityFactor(c, unit));
  }

  @FieldResolver(() => [Float], { nullable: true, description: "One-sigma q resolution, in the unit of `q`" })
  dQ(@Root() c: Curve, @Arg("unit", () => QUnit, { nullable: true }) unit: QUnit | null, @Ctx() { curveValues }: Context): number[] | null {
    curveValues.spend(c.dQ?.length ?? 0, "dQ");
    return scaled(c.dQ, qFactor(c, unit));
  }

  @FieldResolver(() => ResolutionKind, { description: "How the q resolution is given: pinhole `dQ`, slit `dQl`/`dQw`, or none" })
  resolution(@Root() c: Curve): ResolutionKindValue {
    return resolutionKindOf(c);
  }

  @FieldResolver(() => [Float], { nullable: true, description: "Slit resolution: slit length per point, in the unit of `q`" })
  dQl(@Root() c: Curve, @Arg("unit", () => QUnit, { nullable: true }) unit: QUnit | null, @Ctx() { curveValues }: Context): number[] | null {
    curveValues.spend(c.dQl?.length ?? 0, "dQl");
    return scaled(c.dQl, qFactor(c, unit));
  }

  @FieldResolver(() => [Float], { nullable: true, description: "Slit resolution: slit width per point, in the unit of `q`" })
  dQw(@Root() c: Curve, @Arg("unit", () => QUnit, { nullable: true }) unit: QUnit | null, @Ctx() { curveValues }: Context): number[] | null {
    curveValues.spend(c.dQw?.length ?? 0, "dQw");
    return scaled(c.dQw, qFactor(c, unit));
  }

  @FieldResolver(() => [CurveColumnType], { description: "Per-point columns the source file carried beyond q, I, dI and resolution, as given" })
  columns(@Root() c: Curve, @Ctx() { curveValues }: Context): CurveColumnType[] {
    curveValues.spend(c.extraColumnValues.length, "columns");
    return c.extraColumnNames.map((name, k) => ({
      name,
      unit: c.extraColumnUnits[k] ?? "",
      values: c.extraColumnValues.slice(k * c.points, (k + 1) * c.points),
    }));
  }

  @FieldResolver(() => DatasetType)
  dataset(@Root() c: Curve, @Ctx() { loaders }: Context) {
    return loaders.dataset.load(c.datasetId);
  }
}
