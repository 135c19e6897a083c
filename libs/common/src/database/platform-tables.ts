import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables every service keeps in its own schema: outbox, inbox, parked messages, idempotency keys. */
export async function createPlatformTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await queryRunner.query(`
    CREATE TABLE ${schema}.outbox (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      subject text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`);
  await queryRunner.query(`CREATE INDEX outbox_unsent_idx ON ${schema}.outbox (seq) WHERE sent_at IS NULL`);
  await queryRunner.query(`CREATE INDEX outbox_sent_at_idx ON ${schema}.outbox (sent_at) WHERE sent_at IS NOT NULL`);
  await queryRunner.query(`
    CREATE TABLE ${schema}.inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
  await queryRunner.query(`CREATE INDEX inbox_handled_at_idx ON ${schema}.inbox (handled_at)`);
  await queryRunner.query(`
    CREATE TABLE ${schema}.parked_messages (
      id bigserial PRIMARY KEY,
      consumer text NOT NULL,
      subject text NOT NULL,
      event_id text,
      payload text NOT NULL,
      error text NOT NULL,
      deliveries int NOT NULL,
      parked_at timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`
    CREATE TABLE ${schema}.idempotency_keys (
      api_key_id uuid NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code int,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      PRIMARY KEY (api_key_id, key)
    )`);
  await queryRunner.query(`CREATE INDEX idempotency_created_at_idx ON ${schema}.idempotency_keys (created_at)`);
  // First-start demo data loaded, by name, so a restart or another replica never loads it twice.
  await queryRunner.query(`CREATE TABLE ${schema}.demo_seed (name text PRIMARY KEY, seeded_at timestamptz NOT NULL DEFAULT now())`);
  await createApiKeyStore(queryRunner);
}

/** A migration of one service schema, defined once and listed by each service under its own timestamp. */
function schemaMigration(name: string, timestamp: number, up: string, down: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = `${name}${timestamp}`;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(up);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(down);
    }
  };
}

/**
 * The migration by which idempotency claims name the lease (ProcessLease) of the process running their
 * request, so a claim whose process died is taken over at once and one whose process lives never is,
 * however long it runs. One per service schema, each in its own migration list.
 */
export function idempotencyClaimOwnerMigration(schema: string, timestamp: number): new () => MigrationInterface {
  return schemaMigration(
    'IdempotencyClaimOwner',
    timestamp,
    `ALTER TABLE ${schema}.idempotency_keys ADD COLUMN owner integer`,
    `ALTER TABLE ${schema}.idempotency_keys DROP COLUMN owner`,
  );
}

/**
 * The migration by which a claim records that its request's writes committed (idempotency-claims.ts):
 * such a claim is never taken over, even when its process's lease looks gone.
 */
export function idempotencyClaimCommittedMigration(schema: string, timestamp: number): new () => MigrationInterface {
  return schemaMigration(
    'IdempotencyClaimCommitted',
    timestamp,
    `ALTER TABLE ${schema}.idempotency_keys ADD COLUMN committed boolean NOT NULL DEFAULT false`,
    `ALTER TABLE ${schema}.idempotency_keys DROP COLUMN committed`,
  );
}

/**
 * The migration of the imports table: each streamed bulk import, its progress as its batches commit
 * (written in each batch's own transaction) and its outcome, so a client can draw a progress bar and
 * an operator can see who imported what (ImportTracker).
 */
export function importsTableMigration(schema: string, timestamp: number): new () => MigrationInterface {
  return schemaMigration(
    'ImportsTable',
    timestamp,
    `CREATE TABLE ${schema}.imports (
      seq bigserial UNIQUE,
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      state text NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
      owner integer NOT NULL,
      started_by text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      bytes_total bigint,
      bytes_read bigint NOT NULL DEFAULT 0,
      rows_read integer NOT NULL DEFAULT 0,
      batches_committed integer NOT NULL DEFAULT 0,
      created integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      error text
    )`,
    `DROP TABLE ${schema}.imports`,
  );
}

/** The API key store shared by the three services (the contract allows one through libs/common). */
async function createApiKeyStore(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS auth`);
  await queryRunner.query(`
    CREATE TABLE IF NOT EXISTS auth.api_keys (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      role text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      revoked_at timestamptz
    )`);
}
