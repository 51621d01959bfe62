import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export type ModelTask = "REGRESSION" | "CLASSIFICATION" | "GENERATION" | "MULTI_TASK";
export const MODEL_TASKS: readonly ModelTask[] = ["REGRESSION", "CLASSIFICATION", "GENERATION", "MULTI_TASK"];

/** A served model: a name with access rules like a dataset's, and immutable versions. */
@Entity("models")
export class Model {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") name: string;
  @Column("text") task: ModelTask;
  @Column("text", { default: "" }) description: string;
  @Column("uuid", { name: "owner_id" }) ownerId: string;
  @Column("uuid", { name: "owner_group_id", nullable: true }) ownerGroupId: string | null;
  @Column("uuid", { name: "access_group_ids", array: true, default: () => "'{}'" }) accessGroupIds: string[];
  @Column("boolean", { default: false }) published: boolean;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
