import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";
import type { DetectorImageKind } from "../formats/detector-image";

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? 0 : Number(v)) };

/**
 * One two-dimensional detector image of a dataset (seen as the dataset is: published, owner, owner
 * group, access groups). Geometry and scalars are columns; the pixel arrays are NPY objects in
 * object storage under datasets/<dataset>/images/<id>/, with a rendered PNG preview beside them.
 */
@Entity("detector_images")
export class DetectorImage {
  /** Chosen before the insert: the object keys carry it. */
  @PrimaryColumn("uuid") id: string;
  @Column("uuid", { name: "dataset_id" }) datasetId: string;
  @Column("integer") index: number;
  @Column("text", { nullable: true }) title: string | null;
  @Column("text") kind: DetectorImageKind;
  @Column("integer") rows: number;
  @Column("integer") columns: number;
  @Column("float8", { name: "detector_distance" }) detectorDistance: number;
  @Column("float8", { name: "pixel_width" }) pixelWidth: number;
  @Column("float8", { name: "pixel_height" }) pixelHeight: number;
  @Column("float8", { name: "beam_centre_column" }) beamCentreColumn: number;
  @Column("float8", { name: "beam_centre_row" }) beamCentreRow: number;
  @Column("float8") wavelength: number;
  @Column("float8", { name: "wavelength_spread" }) wavelengthSpread: number;
  @Column("float8", { name: "collimation_length" }) collimationLength: number;
  @Column("float8", { name: "source_aperture_width" }) sourceApertureWidth: number;
  @Column("float8", { name: "source_aperture_height" }) sourceApertureHeight: number;
  @Column("float8", { name: "sample_aperture_width" }) sampleApertureWidth: number;
  @Column("float8", { name: "sample_aperture_height" }) sampleApertureHeight: number;
  @Column("float8", { name: "beamstop_width" }) beamstopWidth: number;
  @Column("float8", { name: "beamstop_height" }) beamstopHeight: number;
  @Column("jsonb", { default: {} }) parameters: Record<string, unknown>;
  @Column("float8") incident: number;
  @Column("float8") transmission: number;
  @Column("text", { name: "values_key" }) valuesKey: string;
  @Column("text", { name: "uncertainties_key", nullable: true }) uncertaintiesKey: string | null;
  @Column("text", { name: "mask_key" }) maskKey: string;
  @Column("text", { name: "preview_key" }) previewKey: string;
  /** Bytes of the stored objects together. */
  @Column("bigint", { name: "byte_size", transformer: bigintAsNumber }) byteSize: number;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
