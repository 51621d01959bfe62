import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type DataFileRole = "RAW" | "EXPORT" | "CONFIGURATION" | "ARTIFACT" | "ATTACHMENT";

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? 0 : Number(v)) };

/** A file in object storage that belongs to a dataset (a raw import, an export, a configuration...). */
@Entity("data_files")
export class DataFile {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "dataset_id", nullable: true }) datasetId: string | null;
  @Column("text") bucket: string;
  @Column("text") key: string;
  @Column("bigint", { transformer: bigintAsNumber }) size: number;
  @Column("text") sha256: string;
  @Column("text") format: string;
  @Column("text") role: DataFileRole;
  @Column("text", { nullable: true }) filename: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
