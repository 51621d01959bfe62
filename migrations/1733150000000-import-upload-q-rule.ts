import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An import upload remembers the q rule its caller chose (STRICT or LENIENT), as importCurves and
 * startImport take it, so a large file sent out of band is read the same way as a small one.
 * Existing rows stay STRICT, the rule they were imported under.
 */
export class ImportUploadQRule1733150000000 implements MigrationInterface {
  name = "ImportUploadQRule1733150000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_uploads ADD COLUMN q_rule text NOT NULL DEFAULT 'STRICT' CHECK (q_rule IN ('STRICT', 'LENIENT'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_uploads DROP COLUMN q_rule`);
  }
}
