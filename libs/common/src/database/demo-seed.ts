import { type UnitOfWork } from '../messaging/transactions';

/**
 * Claims the demo seed `name` in the caller's transaction: true the first time ever, false after
 * (also for another replica starting at once), so demo data is loaded once and never half.
 */
export async function claimDemoSeed(unit: UnitOfWork, name: string): Promise<boolean> {
  const claimed: unknown[] = await unit.query(`INSERT INTO demo_seed (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING name`, [name]);
  return claimed.length > 0;
}
