import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Pending model versions record when their upload link expires, so the periodic sweep can remove
 * the abandoned ones (and their partial files). Versions pending before this migration had links
 * of one hour.
 */
export class UploadExpiry1732500000000 implements MigrationInterface {
  name = "UploadExpiry1732500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_versions ADD COLUMN upload_expires_at timestamptz`);
    await q.query(`UPDATE model_versions SET upload_expires_at = created_at + interval '1 hour' WHERE state = 'PENDING_UPLOAD'`);
    await q.query(`CREATE INDEX model_versions_pending_expiry ON model_versions (upload_expires_at) WHERE state = 'PENDING_UPLOAD'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS model_versions_pending_expiry`);
    await q.query(`ALTER TABLE model_versions DROP COLUMN upload_expires_at`);
  }
}
