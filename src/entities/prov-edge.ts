import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** W3C PROV relations we record (https://www.w3.org/TR/prov-dm/). */
export type ProvRelation = "used" | "wasGeneratedBy" | "wasDerivedFrom" | "wasAssociatedWith" | "wasAttributedTo";
export const PROV_RELATIONS: readonly ProvRelation[] = ["used", "wasGeneratedBy", "wasDerivedFrom", "wasAssociatedWith", "wasAttributedTo"];

/** What a provenance node is: PROV entities (datasets, model versions, samples), activities, agents. */
export type ProvNodeType = "DATASET" | "MODEL_VERSION" | "SAMPLE" | "INSTRUMENT" | "ACTIVITY" | "USER" | "SOFTWARE";
export const PROV_NODE_TYPES: readonly ProvNodeType[] = ["DATASET", "MODEL_VERSION", "SAMPLE", "INSTRUMENT", "ACTIVITY", "USER", "SOFTWARE"];

@Entity("prov_edges")
export class ProvEdge {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") relation: ProvRelation;
  @Column("text", { name: "subject_type" }) subjectType: ProvNodeType;
  @Column("uuid", { name: "subject_id" }) subjectId: string;
  @Column("text", { name: "object_type" }) objectType: ProvNodeType;
  @Column("uuid", { name: "object_id" }) objectId: string;
  @Column("jsonb", { default: {} }) attributes: Record<string, unknown>;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
