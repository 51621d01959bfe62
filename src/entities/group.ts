import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity("groups")
export class Group {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text", { unique: true }) name: string;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
}
