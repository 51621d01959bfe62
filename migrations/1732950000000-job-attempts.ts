import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Jobs are retried when their worker dies: `attempt` is the pg-boss retry a row's state belongs to,
 * so a late write of an older attempt (progress, failure, result) cannot land over a newer one.
 */
export class JobAttempts1732950000000 implements MigrationInterface {
  name = "JobAttempts1732950000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job_runs ADD COLUMN attempt integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job_runs DROP COLUMN attempt`);
  }
}
