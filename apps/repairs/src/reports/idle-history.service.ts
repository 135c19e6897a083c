import { InvalidInput } from '@app/common';
import { MS_PER_DAY, toCsv, utcDate } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SETTLED_AFTER_DAYS, type TicketStatus } from '../tickets/ticket.rules';
import { HISTORY_REASONS, type IdleDay, idleHistory, type StatusTimeOnDay, type TicketCountOnDay } from './idle-history.rules';
import { reportWindow } from './report-window';
import { FINAL_TICKET_STATUSES, OPEN_TICKET_STATUSES } from './turnaround.rules';

/** The longest idle history one request may ask for. */
export const IDLE_HISTORY_MAX_DAYS = 366;
const DEFAULT_DAYS = 30;
const SECONDS_PER_DAY = MS_PER_DAY / 1000;

/** Written into the statements, not passed, so the planner can use the partial index of closed tickets. */
const OPEN = OPEN_TICKET_STATUSES.map((status) => `'${status}'`).join(', ');
const FINAL = FINAL_TICKET_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Every status span of the tickets open at some time in [$1, $2) (epoch seconds; $2 no later than
 * now) and of site $3 (or all when null), cut at the window's ends and split by UTC day: per day
 * (days since 1970-01-01), site, status and degradation, the seconds spent and those seconds times
 * the machine's hashrate. A span lasts until the ticket's next move, the current one until $2. Tickets
 * closed up to a day before $1 are read too: a closing move is written a moment after its transaction
 * (and `status_since`) began.
 */
const STATUS_SECONDS_BY_DAY = `
  SELECT d AS day, site_code, status, degraded, remaining_hashrate_fraction,
         sum(least(s1, (d + 1) * 86400.0) - greatest(s0, d * 86400.0)) AS seconds,
         sum((least(s1, (d + 1) * 86400.0) - greatest(s0, d * 86400.0)) * hashrate_ths) AS hashrate_th_seconds
    FROM (SELECT t.site_code, t.degraded, t.remaining_hashrate_fraction, t.hashrate_ths, h.to_status AS status,
                 greatest(date_part('epoch', h.at), $1) AS s0,
                 least(coalesce(date_part('epoch', lead(h.at) OVER (PARTITION BY h.ticket_id ORDER BY h.id)), $2), $2) AS s1
            FROM repairs.tickets t JOIN repairs.ticket_history h ON h.ticket_id = t.id
           WHERE t.created_at < to_timestamp($2) AND (t.status IN (${OPEN}) OR (t.status IN (${FINAL}) AND t.status_since > to_timestamp($1) - interval '1 day'))
             AND ($3::text IS NULL OR t.site_code = $3)) AS spans
         CROSS JOIN LATERAL generate_series(floor(s0 / 86400)::int, ceil(s1 / 86400)::int - 1) AS d
   WHERE s1 > s0 AND status IN (${OPEN})
   GROUP BY 1, 2, 3, 4, 5`;

/**
 * The same as STATUS_SECONDS_BY_DAY for [$1, now = $2), read from the moves made since $1 alone
 * (ticket_history_at_idx): each move's status lasts until the ticket's next move or $2; the status a
 * ticket was in at $1 is the first such move's `from_status`; a ticket open now whose last move came
 * before $1 has been in its status all along (`status_since` is its transaction's start, the move's
 * `at` a moment later: a move straddling $1 is counted from the moves alone).
 */
const RECENT_STATUS_SECONDS_BY_DAY = `
  WITH moves AS (
    SELECT ticket_id, from_status, to_status, date_part('epoch', at) AS at,
           date_part('epoch', lead(at) OVER (PARTITION BY ticket_id ORDER BY id)) AS next_at,
           row_number() OVER (PARTITION BY ticket_id ORDER BY id) AS n
      FROM repairs.ticket_history WHERE at >= to_timestamp($1)
  ),
  spans AS (
    SELECT ticket_id, to_status AS status, at AS s0, least(coalesce(next_at, $2), $2) AS s1 FROM moves
    UNION ALL
    SELECT ticket_id, from_status, $1, least(at, $2) FROM moves WHERE n = 1 AND from_status IS NOT NULL
    UNION ALL
    SELECT id, status, $1, $2 FROM repairs.tickets t
     WHERE status IN (${OPEN}) AND status_since < to_timestamp($1) AND NOT EXISTS (SELECT 1 FROM moves m WHERE m.ticket_id = t.id)
  )
  SELECT d AS day, t.site_code, s.status, t.degraded, t.remaining_hashrate_fraction,
         sum(least(s.s1, (d + 1) * 86400.0) - greatest(s.s0, d * 86400.0)) AS seconds,
         sum((least(s.s1, (d + 1) * 86400.0) - greatest(s.s0, d * 86400.0)) * t.hashrate_ths) AS hashrate_th_seconds
    FROM spans s JOIN repairs.tickets t ON t.id = s.ticket_id
         CROSS JOIN LATERAL generate_series(floor(s.s0 / 86400)::int, ceil(s.s1 / 86400)::int - 1) AS d
   WHERE s.s1 > s.s0 AND s.status IN (${OPEN}) AND ($3::text IS NULL OR t.site_code = $3)
   GROUP BY 1, 2, 3, 4, 5`;

/** Counts the settled days $4 (days since 1970-01-01, all within [$1, $2) in seconds) once, every site ($3 null). */
const COUNT_SETTLED_DAYS = `
  WITH by_day AS (${STATUS_SECONDS_BY_DAY}),
  counted AS (
    INSERT INTO repairs.idle_days (day, site_code, status, degraded, remaining_hashrate_fraction, seconds, hashrate_th_seconds)
    SELECT DATE '1970-01-01' + day, site_code, status, degraded, remaining_hashrate_fraction, seconds, hashrate_th_seconds
      FROM by_day WHERE day = ANY ($4::int[])
    ON CONFLICT DO NOTHING
  )
  INSERT INTO repairs.idle_days_counted (day) SELECT DATE '1970-01-01' + d FROM unnest($4::int[]) AS d ON CONFLICT DO NOTHING`;

const UNCOUNTED_DAYS = `
  SELECT d AS day FROM generate_series($1::int, $2::int - 1) AS d
   WHERE NOT EXISTS (SELECT 1 FROM repairs.idle_days_counted c WHERE c.day = DATE '1970-01-01' + d)
   ORDER BY d`;

const COUNTED_SECONDS_BY_DAY = `
  SELECT day - DATE '1970-01-01' AS day, status, degraded, remaining_hashrate_fraction,
         sum(seconds) AS seconds, sum(hashrate_th_seconds) AS hashrate_th_seconds
    FROM repairs.idle_days
   WHERE day >= DATE '1970-01-01' + $1::int AND day < DATE '1970-01-01' + $2::int AND ($3::text IS NULL OR site_code = $3)
   GROUP BY 1, 2, 3, 4`;

/** Tickets opened, and tickets closed (returned, scrapped or cancelled), per UTC day of [$1, $2), of site $3 or all. */
const TICKETS_BY_DAY = `
  SELECT d AS day, count(*) FILTER (WHERE opened)::int AS opened, count(*) FILTER (WHERE NOT opened)::int AS closed
    FROM (SELECT floor(date_part('epoch', created_at) / 86400)::int AS d, true AS opened FROM repairs.tickets
           WHERE created_at >= to_timestamp($1) AND created_at < to_timestamp($2) AND ($3::text IS NULL OR site_code = $3)
          UNION ALL
          SELECT floor(date_part('epoch', status_since) / 86400)::int, false FROM repairs.tickets
           WHERE status IN (${FINAL}) AND status_since >= to_timestamp($1) AND status_since < to_timestamp($2)
             AND ($3::text IS NULL OR site_code = $3)) AS moves
   GROUP BY d`;

interface SecondsRow {
  day: number;
  status: TicketStatus;
  degraded: boolean;
  remaining_hashrate_fraction: number | null;
  seconds: number;
  hashrate_th_seconds: number;
}

const statusTime = (row: SecondsRow): StatusTimeOnDay => ({
  day: row.day, status: row.status, degraded: row.degraded, remainingHashrateFraction: row.remaining_hashrate_fraction,
  seconds: Number(row.seconds), hashrateThSeconds: Number(row.hashrate_th_seconds),
});

/**
 * Idle and degraded machines and lost hashrate per UTC day, replayed from the tickets' moves. Settled
 * days (SETTLED_AFTER_DAYS) are counted once into idle_days, as the first request that covers them
 * asks; the last days are replayed on every request.
 */
@Injectable()
export class IdleHistoryService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Days of [from, to) (default the last 30 days and today), averaged over each day, as /fleet/idle
   * counted them: a machine from its ticket's creation until the ticket is closed, under the site its
   * ticket counted at.
   */
  async report(from?: string, to?: string, siteCode?: string, now = new Date()): Promise<{
    from: string; to: string; siteCode: string | null; days: IdleDay[];
  }> {
    const { start, end } = reportWindow(from, to, DEFAULT_DAYS, now);
    if (end.getTime() - start.getTime() > IDLE_HISTORY_MAX_DAYS * MS_PER_DAY) {
      throw new InvalidInput([`from: the window may span at most ${IDLE_HISTORY_MAX_DAYS} days`]);
    }
    const startDay = start.getTime() / MS_PER_DAY;
    const endDay = end.getTime() / MS_PER_DAY;
    const nowSeconds = now.getTime() / 1000;
    const settledTo = Math.min(endDay, Math.floor(now.getTime() / MS_PER_DAY) - SETTLED_AFTER_DAYS);
    const site = siteCode ?? null;
    const { statusTimes, ticketCounts } = await this.dataSource.transaction(async (sql) => {
      // One pass each; compiling them costs more than it saves, as for the turnaround report.
      await sql.query(`SET LOCAL jit = off`);
      const times: StatusTimeOnDay[] = [];
      if (startDay < settledTo) {
        await this.countSettled(sql, startDay, settledTo);
        const counted: SecondsRow[] = await sql.query(COUNTED_SECONDS_BY_DAY, [startDay, settledTo, site]);
        times.push(...counted.map(statusTime));
      }
      // Replayed up to now even when the window ends earlier (days after it are left out by idleHistory).
      const recentFrom = Math.max(startDay, settledTo) * SECONDS_PER_DAY;
      if (recentFrom < Math.min(endDay * SECONDS_PER_DAY, nowSeconds)) {
        const recent: SecondsRow[] = await sql.query(RECENT_STATUS_SECONDS_BY_DAY, [recentFrom, nowSeconds, site]);
        times.push(...recent.map(statusTime));
      }
      const counts: TicketCountOnDay[] = await sql.query(TICKETS_BY_DAY, [startDay * SECONDS_PER_DAY, Math.min(endDay * SECONDS_PER_DAY, nowSeconds), site]);
      return { statusTimes: times, ticketCounts: counts };
    });
    return { from: utcDate(start), to: utcDate(end), siteCode: site, days: idleHistory(startDay, endDay, now.getTime(), statusTimes, ticketCounts) };
  }

  toCsv(days: IdleDay[]): string {
    return toCsv(
      ['date', 'idleMachines', 'degradedMachines', 'lostHashrateThs', ...HISTORY_REASONS.map((reason) => `idle_${reason}`), 'ticketsOpened', 'ticketsClosed'],
      days.map((day) => [
        day.date, day.idleMachines, day.degradedMachines, day.lostHashrateThs, ...HISTORY_REASONS.map((reason) => day.byReason[reason]),
        day.ticketsOpened, day.ticketsClosed,
      ]),
    );
  }

  /** Counts the settled days of [fromDay, toDay) not counted yet. Two replicas counting the same day write the same rows. */
  private async countSettled(sql: EntityManager, fromDay: number, toDay: number): Promise<void> {
    const uncounted: Array<{ day: number }> = await sql.query(UNCOUNTED_DAYS, [fromDay, toDay]);
    if (uncounted.length === 0) return;
    const days = uncounted.map((row) => row.day);
    await sql.query(COUNT_SETTLED_DAYS, [days[0] * SECONDS_PER_DAY, (days[days.length - 1] + 1) * SECONDS_PER_DAY, null, days]);
  }
}
