import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The model registry: models (access rules like datasets), their immutable versions (ONNX artifact
 * in object storage, signature, model card) and movable aliases.
 */
export class ModelRegistry1732300000000 implements MigrationInterface {
  name = "ModelRegistry1732300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
        task text NOT NULL CHECK (task IN ('REGRESSION','CLASSIFICATION','GENERATION','MULTI_TASK')),
        description text NOT NULL DEFAULT '',
        owner_id uuid NOT NULL REFERENCES users(id),
        owner_group_id uuid REFERENCES groups(id),
        access_group_ids uuid[] NOT NULL DEFAULT '{}',
        published boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX models_owner_idx ON models (owner_id)`);
    await q.query(`CREATE INDEX models_access_idx ON models USING gin (access_group_ids)`);
    await q.query(`
      CREATE TABLE model_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        state text NOT NULL CHECK (state IN ('PENDING_UPLOAD','READY')),
        bucket text NOT NULL,
        key text NOT NULL,
        size bigint,
        sha256 text,
        signature jsonb,
        card jsonb NOT NULL,
        training_dataset_ids uuid[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        activity_id uuid REFERENCES activities(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        UNIQUE (model_id, version),
        CHECK (state = 'PENDING_UPLOAD' OR (size IS NOT NULL AND sha256 IS NOT NULL AND signature IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE model_aliases (
        model_id uuid NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        alias text NOT NULL CHECK (alias ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, alias)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["model_aliases", "model_versions", "models"]) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
