import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { IntensityUnit, QUnit } from "../compute/units";

/** One I(q) curve. Values are stored exactly as submitted, in the units recorded beside them. */
@Entity("curves")
export class Curve {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "dataset_id" }) datasetId: string;
  @Column("integer") index: number;
  @Column("text", { nullable: true }) title: string | null;
  @Column("float8", { array: true }) q: number[];
  @Column("float8", { array: true }) intensity: number[];
  @Column("float8", { name: "d_intensity", array: true, nullable: true }) dIntensity: number[] | null;
  /** Pinhole resolution: one-sigma dQ per point. */
  @Column("float8", { name: "d_q", array: true, nullable: true }) dQ: number[] | null;
  /** Slit resolution: slit length and width per point (never with dQ). */
  @Column("float8", { name: "d_q_slit_length", array: true, nullable: true }) dQl: number[] | null;
  @Column("float8", { name: "d_q_slit_width", array: true, nullable: true }) dQw: number[] | null;
  /** Extra per-point columns of the source file: names and units in order, values concatenated (points each). */
  @Column("text", { name: "extra_column_names", array: true, default: () => "'{}'" }) extraColumnNames: string[];
  @Column("text", { name: "extra_column_units", array: true, default: () => "'{}'" }) extraColumnUnits: string[];
  @Column("float8", { name: "extra_column_values", array: true, default: () => "'{}'" }) extraColumnValues: number[];
  @Column("text", { name: "q_unit" }) qUnit: QUnit;
  @Column("text", { name: "intensity_unit" }) intensityUnit: IntensityUnit;
  @Column("jsonb", { default: {} }) parameters: Record<string, unknown>;
  @Column("integer") points: number;
}
