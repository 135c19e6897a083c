import { DataSource } from 'typeorm';

/** Every service takes the same lock, so concurrent start-ups never migrate the shared auth schema at once. */
const MIGRATION_LOCK = 724_311_001;

/** Runs pending migrations under an advisory lock; a second start with nothing to migrate does nothing. */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // TypeORM keeps its migrations table in the service's schema, which must exist first.
    await runner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
