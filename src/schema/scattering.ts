import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { QUnit } from "./enums";
import { GRID_SPACINGS, SAMPLING_METHODS, type GridSpacing as GridSpacingValue, type SamplingMethod as SamplingMethodValue } from "../compute/sampling";
import type { StructureFactorMode as StructureFactorModeValue } from "../compute/sas";
import type { Resolution2DAccuracy as Resolution2DAccuracyValue } from "../compute/sas/resolution-2d";
import { enumNamed, enumOf } from "./enum-of";

export const SamplingMethod = enumOf(SAMPLING_METHODS);
export type SamplingMethod = SamplingMethodValue;
export const GridSpacing = enumOf(GRID_SPACINGS);
export type GridSpacing = GridSpacingValue;
export const StructureFactorMode = enumNamed<StructureFactorModeValue, "PLAIN" | "BETA">({ plain: "PLAIN", beta: "BETA" });
export type StructureFactorMode = StructureFactorModeValue;
registerEnumType(SamplingMethod, {
  name: "SamplingMethod",
  valuesConfig: { GRID: { description: "`count` points along each range (count^n in all), ends included" } },
});
registerEnumType(GridSpacing, { name: "GridSpacing" });
export const Resolution2DAccuracy = enumNamed<Resolution2DAccuracyValue, "LOW" | "MED" | "HIGH" | "XHIGH">({
  low: "LOW",
  med: "MED",
  high: "HIGH",
  xhigh: "XHIGH",
});
export type Resolution2DAccuracy = Resolution2DAccuracyValue;
registerEnumType(Resolution2DAccuracy, {
  name: "Resolution2DAccuracy",
  description:
    "Points per pixel of the 2D resolution quadrature (sasmodels' Pinhole2D accuracy): LOW 3 rings x 4 angles, MED 5 x 6, HIGH 5 x 12, XHIGH 10 x 20",
});
registerEnumType(StructureFactorMode, {
  name: "StructureFactorMode",
  description: "How P@S combines form and structure factor (sasmodels' structure_factor_mode)",
  valuesConfig: { PLAIN: { description: "I = P·S (local monodisperse)" }, BETA: { description: "I = <F²> + <F>²(S-1) (beta approximation)" } },
});

@ObjectType("ScatteringParameter", { description: "One model parameter, as in sasmodels' parameter table" })
export class ScatteringParameterType {
  @Field() name: string;
  @Field({ description: "Unit (sasmodels spelling: Ang, 1e-6/Ang^2, degrees, or empty)" }) unit: string;
  @Field(() => Float, { name: "default" }) default: number;
  /** [min, max]; infinite ends are served as null (JSON has no infinity). */
  limits: number[];
  @Field({ description: "plain | sld | volume | orientation" }) kind: string;
  @Field() description: string;
  @Field({ description: "Whether NAME_pd, NAME_pd_n, NAME_pd_nsigma, NAME_pd_type apply" }) polydisperse: boolean;
}

@ObjectType("ScatteringModel")
export class ScatteringModelType {
  @Field() name: string;
  @Field() title: string;
  @Field() description: string;
  @Field() category: string;
  @Field() isStructureFactor: boolean;
  @Field(() => [ScatteringParameterType]) parameters: ScatteringParameterType[];
}

@InputType({ description: "q values: either `values`, or a grid from min to max. Unit default 1/Å" })
export class QGridInput {
  @Field(() => [Float], { nullable: true }) values?: number[];
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
  @Field(() => Int, { nullable: true }) points?: number;
  @Field(() => GridSpacing, { defaultValue: GridSpacing.LOG }) spacing: GridSpacing;
  @Field(() => QUnit, { defaultValue: QUnit.INV_ANGSTROM }) unit: QUnit;
}

@InputType()
export class ComputeIntensityInput {
  @Field({ description: 'Model expression: "sphere", "cylinder", "sphere@hardsphere"' }) model: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "sasmodels parameter names; missing ones take defaults. *_pd_type as strings" })
  parameters?: Record<string, unknown>;
  @Field(() => QGridInput) q: QGridInput;
  @Field(() => StructureFactorMode, {
    nullable: true,
    description: "PLAIN or BETA for a product P@S; absent: the `structure_factor_mode` parameter (0 plain, 1 beta) as in sasmodels, else PLAIN",
  })
  structureFactorMode?: StructureFactorMode;
  @Field(() => Float, { nullable: true, description: "Pinhole resolution as relative Gaussian width dq/q" }) resolution?: number;
  @Field(() => [Float], { nullable: true, description: "Pinhole resolution per point (one-sigma dq, same unit as q)" }) dq?: number[];
  @Field(() => Float, {
    nullable: true,
    description:
      "Slit resolution: slit length (same unit as q), the same at every point, integrated over [0, slitLength] across q (sasmodels' Slit1D, SasView's dxl)",
  })
  slitLength?: number;
  @Field(() => Float, {
    nullable: true,
    description: "Slit resolution: slit width (same unit as q), integrated over [-slitWidth, slitWidth] along q (SasView's dxw)",
  })
  slitWidth?: number;
  @Field(() => [Float], { nullable: true, description: "Slit length per point (instead of slitLength), same unit as q" }) dQl?: number[];
  @Field(() => [Float], { nullable: true, description: "Slit width per point (instead of slitWidth), same unit as q" }) dQw?: number[];
}

@ObjectType("ComputedIntensity")
export class ComputedIntensityType {
  @Field(() => [Float]) q: number[];
  @Field(() => QUnit) qUnit: QUnit;
  @Field(() => [Float], { description: "I(q) in 1/cm" }) intensity: number[];
  @Field(() => [Float], { nullable: true, description: "Form factor part of a P@S product" }) formFactor: number[] | null;
  @Field(() => [Float], { nullable: true, description: "Structure factor of a P@S product" }) structureFactor: number[] | null;
  @Field(() => [Float], { nullable: true, description: "β(q) = <F>²/<F²> of a product in BETA mode" }) betaFactor: number[] | null;
  @Field(() => GraphQLJSONObject, { description: "The parameters used, defaults filled in" }) parameters: Record<string, unknown>;
}

@InputType({
  description:
    "Pinhole resolution of a 2D pattern, sasmodels' Pinhole2D: a 2D Gaussian per pixel with widths along q (parallel) and across q (perpendicular). Give `relative`, or both width lists",
})
export class Resolution2DInput {
  @Field(() => Float, { nullable: true, description: "Both widths as dq/|q| at every pixel (sasmodels' empty_data2D resolution)" }) relative?: number;
  @Field(() => [Float], {
    nullable: true,
    description: "One-sigma width along q, same unit as qx and qy: one value for every pixel, or one per pixel row-major (SasView's dqx_data)",
  })
  dqParallel?: number[];
  @Field(() => [Float], { nullable: true, description: "One-sigma width across q (azimuthal), as dqParallel (SasView's dqy_data)" })
  dqPerpendicular?: number[];
  @Field(() => Resolution2DAccuracy, { defaultValue: "low" }) accuracy: Resolution2DAccuracy;
}

@InputType({ description: "A detector grid: I is computed at every (qx[i], qy[j]); no pixel may be the direct beam (q = 0)" })
export class ComputeIntensity2DInput {
  @Field({ description: 'Model expression: "cylinder", "parallelepiped", "sphere@hardsphere"' }) model: string;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      "sasmodels parameter names, orientation included: theta, phi (and psi for triaxial shapes) in degrees, and their dispersion theta_pd, phi_pd, psi_pd as absolute widths in degrees",
  })
  parameters?: Record<string, unknown>;
  @Field(() => [Float], { description: "Column axis (same unit as `unit`)" }) qx: number[];
  @Field(() => [Float], { description: "Row axis (same unit as `unit`)" }) qy: number[];
  @Field(() => QUnit, { defaultValue: QUnit.INV_ANGSTROM }) unit: QUnit;
  @Field(() => Resolution2DInput, { nullable: true, description: "Pinhole resolution per pixel; absent: none" }) resolution?: Resolution2DInput;
}

@ObjectType("ComputedIntensity2D")
export class ComputedIntensity2DType {
  @Field(() => [Float]) qx: number[];
  @Field(() => [Float]) qy: number[];
  @Field(() => QUnit) qUnit: QUnit;
  @Field(() => [Int], { description: "[rows, columns] = [qy.length, qx.length]" }) shape: number[];
  @Field(() => [Float], { description: "I(qx, qy) in 1/cm, row-major: intensity[row * qx.length + column] is at (qx[column], qy[row])" })
  intensity: number[];
  @Field(() => GraphQLJSONObject, { description: "The parameters used, defaults filled in" }) parameters: Record<string, unknown>;
}
