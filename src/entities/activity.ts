import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type ActivityKind = "INGEST" | "SIMULATION" | "VIRTUAL_EXPERIMENT" | "TRAINING" | "INFERENCE" | "EXPORT" | "ANALYSIS";
export type ActivityStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

/** Any run that made or used catalogue records: what ran, with which software, seed and parameters. */
@Entity("activities")
export class Activity {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") kind: ActivityKind;
  @Column("text", { default: "" }) label: string;
  @Column("jsonb", { default: {} }) parameters: Record<string, unknown>;
  @Column("text", { name: "software_name" }) softwareName: string;
  @Column("text", { name: "software_version" }) softwareVersion: string;
  @Column("text", { name: "git_commit", nullable: true }) gitCommit: string | null;
  @Column("bigint", { nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  seed: number | null;
  @Column("text") status: ActivityStatus;
  @Column("timestamptz", { name: "started_at", nullable: true }) startedAt: Date | null;
  @Column("timestamptz", { name: "ended_at", nullable: true }) endedAt: Date | null;
  @Column("uuid", { name: "owner_id", nullable: true }) ownerId: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
