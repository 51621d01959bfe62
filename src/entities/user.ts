import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import { Group } from "./group";

@Entity("users")
export class User {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text", { unique: true }) name: string;
  @Column("text", { name: "display_name", nullable: true }) displayName: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;

  @ManyToMany(() => Group)
  @JoinTable({ name: "user_groups", joinColumn: { name: "user_id" }, inverseJoinColumn: { name: "group_id" } })
  groups: Group[];
}
