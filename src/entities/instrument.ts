import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { Technique } from "./dataset";

@Entity("instruments")
export class Instrument {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text", { unique: true }) name: string;
  @Column("text") facility: string;
  @Column("text") technique: Technique;
  @Column("text", { default: "" }) description: string;
  @Column("jsonb", { default: {} }) metadata: Record<string, unknown>;
}
