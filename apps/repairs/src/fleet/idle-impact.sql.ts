/**
 * The tickets whose idle impact is being refreshed, locked, with their machine's site, model and
 * hashrate now and whether a customs hold blocks a part they wait for ($1: ticket ids). No imports on
 * purpose: the bench's raw-SQL baseline of ticket intake (plain pg in a worker thread,
 * bench/support/baselines.ts) runs this same statement and the impact update below.
 */
export const LOCK_TICKETS_WITH_HOLD_FLAG = `SELECT t.id, t.status, t.site_code, t.model, t.hashrate_ths, t.degraded, t.remaining_hashrate_fraction,
       t.impact_key, t.impact_lost_ths,
       m.site_code AS machine_site_code, m.model AS machine_model, m.hashrate_ths AS machine_hashrate_ths,
       EXISTS (SELECT 1 FROM repairs.waiting_parts w
                 JOIN repairs.active_holds h ON h.destination_code = w.location_code AND w.sku = ANY (h.skus)
                WHERE w.ticket_id = t.id AND w.status = 'waiting') AS on_hold
  FROM repairs.tickets t JOIN repairs.machines m ON m.serial = t.machine_serial
 WHERE t.id = ANY ($1::uuid[]) ORDER BY t.id FOR UPDATE OF t`;

/**
 * A ticket's impact as counted: its key and lost hashrate, under its machine's site and model now
 * ($1 id, $2 key, $3 lost TH/s, $4 site, $5 model, $6 the machine's hashrate).
 */
export const STORE_TICKET_IMPACT = `UPDATE repairs.tickets SET impact_key = $2, impact_lost_ths = $3, site_code = $4, model = $5, hashrate_ths = $6
  WHERE id = $1`;

/** Counter rows per (site, model, reason): one per stripe, a stripe per database connection (pid modulo this). */
export const IDLE_COUNT_STRIPES = 64;

/**
 * Moves one idle counter by a delta ($1 site, $2 model, $3 reason, $4 machines, $5 lost TH/s), in the
 * stripe of this transaction's connection: a connection runs one transaction at a time, so concurrent
 * tickets of the same site and model lock different rows (unless their connections share a stripe).
 * Readers sum the stripes through the idle_totals view.
 */
export const MOVE_IDLE_COUNT = `INSERT INTO repairs.idle_counts AS c (site_code, model, reason, stripe, machines, lost_hashrate_ths)
  VALUES ($1, $2, $3, pg_backend_pid() % ${IDLE_COUNT_STRIPES}, $4, $5)
  ON CONFLICT (site_code, model, reason, stripe)
  DO UPDATE SET machines = c.machines + EXCLUDED.machines, lost_hashrate_ths = c.lost_hashrate_ths + EXCLUDED.lost_hashrate_ths`;
