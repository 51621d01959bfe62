import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Curves carry slit resolution (slit length and width per point, as slit-smeared USANS data does)
 * beside the pinhole dQ, and the extra per-point columns their files hold (Qmean, Shadowfactor, ...).
 * Extra columns are float8[] (NaN kept, values exact): names and units in order, values concatenated.
 */
export class CurveSlitAndColumns1733100000000 implements MigrationInterface {
  name = "CurveSlitAndColumns1733100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE curves ADD COLUMN d_q_slit_length float8[], ADD COLUMN d_q_slit_width float8[],
      ADD COLUMN extra_column_names text[] NOT NULL DEFAULT '{}', ADD COLUMN extra_column_units text[] NOT NULL DEFAULT '{}',
      ADD COLUMN extra_column_values float8[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE curves ADD CONSTRAINT curves_one_resolution_kind CHECK (d_q IS NULL OR (d_q_slit_length IS NULL AND d_q_slit_width IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE curves DROP CONSTRAINT curves_one_resolution_kind`);
    await q.query(`ALTER TABLE curves DROP COLUMN d_q_slit_length, DROP COLUMN d_q_slit_width, DROP COLUMN extra_column_names,
      DROP COLUMN extra_column_units, DROP COLUMN extra_column_values`);
  }
}
