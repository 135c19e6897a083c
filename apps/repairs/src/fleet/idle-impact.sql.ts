/**
 * The tickets whose idle impact is being refreshed, locked, with whether a customs hold blocks a part
 * they wait for ($1: ticket ids). No imports on purpose: the bench's raw-SQL baseline of ticket intake
 * (plain pg in a worker thread, bench/support/baselines.ts) runs this same statement.
 */
export const LOCK_TICKETS_WITH_HOLD_FLAG = `SELECT t.id, t.status, t.site_code, t.model, t.hashrate_ths, t.degraded, t.remaining_hashrate_fraction,
       t.impact_key, t.impact_lost_ths,
       EXISTS (SELECT 1 FROM repairs.waiting_parts w
                 JOIN repairs.active_holds h ON h.destination_code = w.location_code AND w.sku = ANY (h.skus)
                WHERE w.ticket_id = t.id AND w.status = 'waiting') AS on_hold
  FROM repairs.tickets t WHERE t.id = ANY ($1::uuid[]) ORDER BY t.id FOR UPDATE OF t`;
