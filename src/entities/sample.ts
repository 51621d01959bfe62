import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity("samples")
export class Sample {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") name: string;
  @Column("text", { default: "" }) description: string;
  @Column("text", { nullable: true }) composition: string | null;
  @Column("jsonb", { default: {} }) metadata: Record<string, unknown>;
  @Column("uuid", { name: "owner_id", nullable: true }) ownerId: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
