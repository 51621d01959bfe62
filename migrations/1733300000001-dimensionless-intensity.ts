import type { MigrationInterface, QueryRunner } from "typeorm";

/** Curves may carry a dimensionless intensity on a known scale (normalised simulation and MD I(Q)). */
export class DimensionlessIntensity1733300000001 implements MigrationInterface {
  name = "DimensionlessIntensity1733300000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE curves DROP CONSTRAINT curves_intensity_unit_check`);
    await q.query(
      `ALTER TABLE curves ADD CONSTRAINT curves_intensity_unit_check CHECK (intensity_unit IN ('INV_CM','INV_M','ARBITRARY','COUNTS','DIMENSIONLESS'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Nothing is lost: a dimensionless curve keeps its numbers, as arbitrary intensity.
    await q.query(`UPDATE curves SET intensity_unit = 'ARBITRARY' WHERE intensity_unit = 'DIMENSIONLESS'`);
    await q.query(`ALTER TABLE curves DROP CONSTRAINT curves_intensity_unit_check`);
    await q.query(`ALTER TABLE curves ADD CONSTRAINT curves_intensity_unit_check CHECK (intensity_unit IN ('INV_CM','INV_M','ARBITRARY','COUNTS'))`);
  }
}
