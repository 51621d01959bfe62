import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/**
 * One evaluation of a READY model version on a dataset (evaluateModel). `metrics` is the
 * EvaluationMetrics JSON of src/services/evaluation/metrics-shape.ts; `roles` are what the card's
 * heads made it (GENERATOR, REGRESSOR, CLASSIFIER).
 */
@Entity("model_evaluations")
export class ModelEvaluation {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "version_id" }) versionId: string;
  @Column("uuid", { name: "dataset_id" }) datasetId: string;
  @Column("text", { array: true }) roles: string[];
  @Column("integer", { name: "curve_count" }) curveCount: number;
  @Column("jsonb") metrics: Record<string, unknown>;
  @Column("uuid", { name: "created_by", nullable: true }) createdBy: string | null;
  @Column("uuid", { name: "job_id", nullable: true }) jobId: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
