import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity("proposals")
export class Proposal {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text", { unique: true }) code: string;
  @Column("text") title: string;
  @Column("text", { name: "principal_investigator", nullable: true }) principalInvestigator: string | null;
}
