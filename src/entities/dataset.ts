import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export type DatasetKind = "MEASURED" | "SIMULATED" | "VIRTUAL_EXPERIMENT" | "DERIVED";
export type Technique = "SANS" | "SAXS" | "XPCS";
export const DATASET_KINDS: readonly DatasetKind[] = ["MEASURED", "SIMULATED", "VIRTUAL_EXPERIMENT", "DERIVED"];
export const TECHNIQUES: readonly Technique[] = ["SANS", "SAXS", "XPCS"];

/** bigint columns arrive from pg as strings; byte sizes fit a double exactly up to 8 PiB. */
const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? 0 : Number(v)) };

@Entity("datasets")
export class Dataset {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") kind: DatasetKind;
  @Column("text") technique: Technique;
  @Column("text") title: string;
  @Column("text", { default: "" }) description: string;
  @Column("text", { array: true, default: () => "'{}'" }) keywords: string[];
  @Column("text", { default: "CC-BY-4.0" }) license: string;
  /** Scientific metadata exactly as submitted: values keep their units. */
  @Column("jsonb", { default: {} }) metadata: Record<string, unknown>;
  @Column("uuid", { name: "owner_id" }) ownerId: string;
  @Column("uuid", { name: "owner_group_id", nullable: true }) ownerGroupId: string | null;
  @Column("uuid", { name: "access_group_ids", array: true, default: () => "'{}'" }) accessGroupIds: string[];
  @Column("boolean", { default: false }) published: boolean;
  @Column("uuid", { name: "instrument_id", nullable: true }) instrumentId: string | null;
  @Column("uuid", { name: "sample_id", nullable: true }) sampleId: string | null;
  @Column("uuid", { name: "proposal_id", nullable: true }) proposalId: string | null;
  @Column("integer", { name: "curve_count", default: 0 }) curveCount: number;
  @Column("bigint", { name: "byte_size", default: 0, transformer: bigintAsNumber }) byteSize: number;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
