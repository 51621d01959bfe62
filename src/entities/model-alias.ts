import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";

/** A movable name ("production", "staging", ...) for one READY version of a model. */
@Entity("model_aliases")
export class ModelAlias {
  @PrimaryColumn("uuid", { name: "model_id" }) modelId: string;
  @PrimaryColumn("text") alias: string;
  @Column("uuid", { name: "version_id" }) versionId: string;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt: Date;
}
