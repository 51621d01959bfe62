import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The catalogue: people and access, instruments/samples/proposals, datasets and their curves and
 * files, activities and W3C PROV edges, and the job status table that pg-boss jobs report into.
 */
export class InitialCatalogue1732200000000 implements MigrationInterface {
  name = "InitialCatalogue1732200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{1,64}$'),
        display_name text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{1,64}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE user_groups (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, group_id)
      )`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE instruments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        facility text NOT NULL,
        technique text NOT NULL CHECK (technique IN ('SANS','SAXS','XPCS')),
        description text NOT NULL DEFAULT '',
        metadata jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`
      CREATE TABLE samples (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        composition text,
        metadata jsonb NOT NULL DEFAULT '{}',
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        principal_investigator text
      )`);

    // array_to_string is only STABLE; generated columns need IMMUTABLE. For text[] it is immutable.
    await q.query(`
      CREATE FUNCTION sasgraph_keywords_text(text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string($1, ' ') $$`);
    await q.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('MEASURED','SIMULATED','VIRTUAL_EXPERIMENT','DERIVED')),
        technique text NOT NULL CHECK (technique IN ('SANS','SAXS','XPCS')),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        keywords text[] NOT NULL DEFAULT '{}',
        license text NOT NULL DEFAULT 'CC-BY-4.0',
        metadata jsonb NOT NULL DEFAULT '{}',
        owner_id uuid NOT NULL REFERENCES users(id),
        owner_group_id uuid REFERENCES groups(id),
        access_group_ids uuid[] NOT NULL DEFAULT '{}',
        published boolean NOT NULL DEFAULT false,
        instrument_id uuid REFERENCES instruments(id),
        sample_id uuid REFERENCES samples(id),
        proposal_id uuid REFERENCES proposals(id),
        curve_count integer NOT NULL DEFAULT 0,
        byte_size bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('english', sasgraph_keywords_text(keywords)), 'B') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'C')
        ) STORED
      )`);
    await q.query(`CREATE INDEX datasets_created_idx ON datasets (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX datasets_owner_idx ON datasets (owner_id)`);
    await q.query(`CREATE INDEX datasets_access_idx ON datasets USING gin (access_group_ids)`);
    await q.query(`CREATE INDEX datasets_keywords_idx ON datasets USING gin (keywords)`);
    await q.query(`CREATE INDEX datasets_search_idx ON datasets USING gin (search)`);
    await q.query(`CREATE INDEX datasets_instrument_idx ON datasets (instrument_id)`);
    await q.query(`CREATE INDEX datasets_sample_idx ON datasets (sample_id)`);

    await q.query(`
      CREATE TABLE curves (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        index integer NOT NULL,
        title text,
        q float8[] NOT NULL,
        intensity float8[] NOT NULL,
        d_intensity float8[],
        d_q float8[],
        q_unit text NOT NULL CHECK (q_unit IN ('INV_ANGSTROM','INV_NM')),
        intensity_unit text NOT NULL CHECK (intensity_unit IN ('INV_CM','INV_M','ARBITRARY','COUNTS')),
        parameters jsonb NOT NULL DEFAULT '{}',
        points integer NOT NULL,
        UNIQUE (dataset_id, index)
      )`);
    await q.query(`CREATE INDEX curves_parameters_idx ON curves USING gin (parameters jsonb_path_ops)`);

    await q.query(`
      CREATE TABLE data_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid REFERENCES datasets(id) ON DELETE CASCADE,
        bucket text NOT NULL,
        key text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        format text NOT NULL,
        role text NOT NULL CHECK (role IN ('RAW','EXPORT','CONFIGURATION','ARTIFACT','ATTACHMENT')),
        filename text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (bucket, key)
      )`);
    await q.query(`CREATE INDEX data_files_dataset_idx ON data_files (dataset_id)`);

    await q.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('INGEST','SIMULATION','VIRTUAL_EXPERIMENT','TRAINING','INFERENCE','EXPORT','ANALYSIS')),
        label text NOT NULL DEFAULT '',
        parameters jsonb NOT NULL DEFAULT '{}',
        software_name text NOT NULL,
        software_version text NOT NULL,
        git_commit text,
        seed bigint,
        status text NOT NULL CHECK (status IN ('PENDING','RUNNING','SUCCEEDED','FAILED','CANCELLED')),
        started_at timestamptz,
        ended_at timestamptz,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // W3C PROV relations between catalogue records. Subjects and objects are typed ids, not foreign
    // keys: a relation may point at an agent (user, software) or a model version as well as a dataset.
    await q.query(`
      CREATE TABLE prov_edges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        relation text NOT NULL CHECK (relation IN ('used','wasGeneratedBy','wasDerivedFrom','wasAssociatedWith','wasAttributedTo')),
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        object_type text NOT NULL,
        object_id uuid NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (relation, subject_id, object_id)
      )`);
    await q.query(`CREATE INDEX prov_edges_subject_idx ON prov_edges (subject_id)`);
    await q.query(`CREATE INDEX prov_edges_object_idx ON prov_edges (object_id)`);

    // Status of work queued on pg-boss: pg-boss owns the queue; this row is what GraphQL shows
    // (progress, message, results) and what the owner check reads.
    await q.query(`
      CREATE TABLE job_runs (
        id uuid PRIMARY KEY,
        queue text NOT NULL,
        owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
        state text NOT NULL CHECK (state IN ('QUEUED','RUNNING','SUCCEEDED','FAILED','CANCELLED')),
        progress double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        message text NOT NULL DEFAULT '',
        input jsonb NOT NULL DEFAULT '{}',
        result jsonb,
        error text,
        activity_id uuid REFERENCES activities(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX job_runs_owner_idx ON job_runs (owner_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      "job_runs",
      "prov_edges",
      "activities",
      "data_files",
      "curves",
      "datasets",
      "proposals",
      "samples",
      "instruments",
      "api_tokens",
      "user_groups",
      "groups",
      "users",
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS sasgraph_keywords_text(text[])`);
  }
}
