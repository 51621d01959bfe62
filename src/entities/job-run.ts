import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";

export type JobState = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
export const JOB_STATES: readonly JobState[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];

/** The visible status of a pg-boss job (same id): progress, message and results for GraphQL. */
@Entity("job_runs")
export class JobRun {
  @PrimaryColumn("uuid") id: string;
  @Column("text") queue: string;
  @Column("uuid", { name: "owner_id", nullable: true }) ownerId: string | null;
  @Column("text") state: JobState;
  @Column("float8", { default: 0 }) progress: number;
  /** The pg-boss attempt (0, then each retry) that state, progress and result belong to. */
  @Column("int", { default: 0 }) attempt: number;
  @Column("text", { default: "" }) message: string;
  @Column("jsonb", { default: {} }) input: Record<string, unknown>;
  @Column("jsonb", { nullable: true }) result: Record<string, unknown> | null;
  @Column("text", { nullable: true }) error: string | null;
  @Column("uuid", { name: "activity_id", nullable: true }) activityId: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
