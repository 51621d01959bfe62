import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Model names are unique per owner, not globally: a global name let anyone learn that someone
 * else's private model of that name exists (createModel answered CONFLICT). References to a model
 * of another owner with the same name say `owner/name`.
 */
export class ModelNamesPerOwner1732800000000 implements MigrationInterface {
  name = "ModelNamesPerOwner1732800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE models DROP CONSTRAINT models_name_key`);
    await q.query(`ALTER TABLE models ADD CONSTRAINT models_owner_name_key UNIQUE (owner_id, name)`);
    await q.query(`CREATE INDEX models_name_idx ON models (name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS models_name_idx`);
    await q.query(`ALTER TABLE models DROP CONSTRAINT models_owner_name_key`);
    await q.query(`ALTER TABLE models ADD CONSTRAINT models_name_key UNIQUE (name)`);
  }
}
