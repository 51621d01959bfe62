import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Two-dimensional detector images of datasets (virtual SANS experiments, imported NXcanSAS 2D):
 * geometry and scalars as columns, pixel arrays as object keys. An image goes with its dataset.
 */
export class DetectorImages1733400000000 implements MigrationInterface {
  name = "DetectorImages1733400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE detector_images (
        id uuid PRIMARY KEY,
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        index integer NOT NULL CHECK (index >= 0),
        title text,
        kind text NOT NULL CHECK (kind IN ('COUNTS', 'INTENSITY')),
        rows integer NOT NULL CHECK (rows > 0),
        columns integer NOT NULL CHECK (columns > 0),
        detector_distance float8 NOT NULL CHECK (detector_distance > 0),
        pixel_width float8 NOT NULL CHECK (pixel_width > 0),
        pixel_height float8 NOT NULL CHECK (pixel_height > 0),
        beam_centre_column float8 NOT NULL,
        beam_centre_row float8 NOT NULL,
        wavelength float8 NOT NULL CHECK (wavelength > 0),
        wavelength_spread float8 NOT NULL CHECK (wavelength_spread >= 0),
        collimation_length float8 NOT NULL CHECK (collimation_length > 0),
        source_aperture_width float8 NOT NULL,
        source_aperture_height float8 NOT NULL,
        sample_aperture_width float8 NOT NULL,
        sample_aperture_height float8 NOT NULL,
        beamstop_width float8 NOT NULL,
        beamstop_height float8 NOT NULL,
        parameters jsonb NOT NULL DEFAULT '{}',
        incident float8 NOT NULL,
        transmission float8 NOT NULL CHECK (transmission > 0 AND transmission <= 1),
        values_key text NOT NULL,
        uncertainties_key text,
        mask_key text NOT NULL,
        preview_key text NOT NULL,
        byte_size bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dataset_id, index)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS detector_images`);
  }
}
