import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";
import type { QRule } from "../formats/options";

export type ImportUploadState = "PENDING" | "STARTED";

const bigintAsNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A file on its way into a dataset through `PUT /uploads/:token`: what the client declared (size,
 * optional sha256), what the route received, and the import options. PENDING until
 * completeImportUpload starts the import job (STARTED); the sweep removes it, with any object left
 * at `key`, some time after the link expired.
 */
@Entity("import_uploads")
export class ImportUpload {
  @PrimaryColumn("uuid") id: string;
  @Column("uuid", { name: "dataset_id" }) datasetId: string;
  @Column("uuid", { name: "created_by" }) createdBy: string;
  @Column("text") state: ImportUploadState;
  @Column("text") format: string;
  @Column("text") filename: string;
  @Column("text") bucket: string;
  @Column("text") key: string;
  @Column("bigint", { transformer: bigintAsNumber }) size: number;
  @Column("text", { nullable: true }) sha256: string | null;
  @Column("text", { name: "q_unit", nullable: true }) qUnit: string | null;
  @Column("text", { name: "intensity_unit", nullable: true }) intensityUnit: string | null;
  @Column("text", { name: "q_rule" }) qRule: QRule;
  /** Size and sha256 as counted by the PUT route (absent after a presigned S3 PUT). */
  @Column("bigint", { name: "received_size", nullable: true, transformer: bigintAsNumber }) receivedSize: number | null;
  @Column("text", { name: "received_sha256", nullable: true }) receivedSha256: string | null;
  @Column("uuid", { name: "job_id", nullable: true }) jobId: string | null;
  @Column("timestamptz", { name: "upload_expires_at" }) uploadExpiresAt: Date;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
