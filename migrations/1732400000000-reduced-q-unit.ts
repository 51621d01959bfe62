import type { MigrationInterface, QueryRunner } from "typeorm";

/** Curves of particle simulations carry dimensionless q·L0 (q unit REDUCED). */
export class ReducedQUnit1732400000000 implements MigrationInterface {
  name = "ReducedQUnit1732400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE curves DROP CONSTRAINT curves_q_unit_check`);
    await q.query(`ALTER TABLE curves ADD CONSTRAINT curves_q_unit_check CHECK (q_unit IN ('INV_ANGSTROM','INV_NM','REDUCED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM curves WHERE q_unit = 'REDUCED'`);
    await q.query(`ALTER TABLE curves DROP CONSTRAINT curves_q_unit_check`);
    await q.query(`ALTER TABLE curves ADD CONSTRAINT curves_q_unit_check CHECK (q_unit IN ('INV_ANGSTROM','INV_NM'))`);
  }
}
