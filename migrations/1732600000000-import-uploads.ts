import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Import uploads: a file on its way to a dataset through a signed PUT (createImportUpload), waiting
 * for completeImportUpload to start its import job. No foreign keys: a record whose dataset or
 * user went away must stay until the sweep has removed its object too.
 */
export class ImportUploads1732600000000 implements MigrationInterface {
  name = "ImportUploads1732600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_uploads (
        id uuid PRIMARY KEY,
        dataset_id uuid NOT NULL,
        created_by uuid NOT NULL,
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'STARTED')),
        format text NOT NULL,
        filename text NOT NULL,
        bucket text NOT NULL,
        key text NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        sha256 text,
        q_unit text,
        intensity_unit text,
        received_size bigint,
        received_sha256 text,
        job_id uuid,
        upload_expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX import_uploads_expiry ON import_uploads (upload_expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_uploads`);
  }
}
