import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Evaluations of model versions on datasets (evaluateModel): one row per run, kept on the version
 * and listed by `modelVersion.evaluations`; the metrics are JSON (their shape depends on the role).
 * A version or dataset removed takes its evaluations with it.
 */
export class ModelEvaluations1733300000000 implements MigrationInterface {
  name = "ModelEvaluations1733300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE model_evaluations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        roles text[] NOT NULL,
        curve_count integer NOT NULL CHECK (curve_count >= 0),
        metrics jsonb NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        job_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX model_evaluations_version_idx ON model_evaluations (version_id, dataset_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS model_evaluations`);
  }
}
