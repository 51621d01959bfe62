import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** An API token; only the SHA-256 of the secret is stored, the secret is shown once at creation. */
@Entity("api_tokens")
export class ApiToken {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("uuid", { name: "user_id" }) userId: string;
  @Column("text", { name: "token_hash", unique: true }) tokenHash: string;
  /** The first characters of the token, to tell tokens apart in listings. */
  @Column("text") prefix: string;
  @Column("text", { nullable: true }) label: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt: Date;
  @Column("timestamptz", { name: "last_used_at", nullable: true }) lastUsedAt: Date | null;
  @Column("timestamptz", { name: "revoked_at", nullable: true }) revokedAt: Date | null;
}
