import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type ModelVersionState = "PENDING_UPLOAD" | "READY";
export const MODEL_VERSION_STATES: readonly ModelVersionState[] = ["PENDING_UPLOAD", "READY"];

const bigintAsNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One immutable version of a model: its ONNX artifact in object storage (size and sha256 checked
 * on upload), the signature read from the file, and the model card. PENDING_UPLOAD versions wait
 * for their file and are visible to nobody; READY ones never change.
 */
@Entity("model_versions")
export class ModelVersion {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "model_id" }) modelId: string;
  @Column("integer") version: number;
  @Column("text") state: ModelVersionState;
  @Column("text") bucket: string;
  @Column("text") key: string;
  @Column("bigint", { nullable: true, transformer: bigintAsNumber }) size: number | null;
  @Column("text", { nullable: true }) sha256: string | null;
  /** Inputs/outputs as read by onnxruntime (Signature of src/serving/signature.ts). */
  @Column("jsonb", { nullable: true }) signature: Record<string, unknown> | null;
  /** The model card JSON (src/serving/model-card.ts). */
  @Column("jsonb") card: Record<string, unknown>;
  @Column("uuid", { name: "training_dataset_ids", array: true, default: () => "'{}'" }) trainingDatasetIds: string[];
  @Column("uuid", { name: "created_by", nullable: true }) createdBy: string | null;
  @Column("uuid", { name: "activity_id", nullable: true }) activityId: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @Column("timestamptz", { name: "ready_at", nullable: true }) readyAt: Date | null;
  /** When the upload link of a PENDING_UPLOAD version expires; the sweep removes it some time after. */
  @Column("timestamptz", { name: "upload_expires_at", nullable: true }) uploadExpiresAt: Date | null;
}
