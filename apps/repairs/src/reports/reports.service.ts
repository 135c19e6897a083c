import { MS_PER_DAY, toCsv, utcDate } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RE_FAILURE_WINDOW_DAYS } from '../tickets/ticket.rules';
import { secondsInStatusColumn } from '../tickets/tickets.repository';
import { reportWindow } from './report-window';
import {
  FINAL_TICKET_STATUSES, OPEN_TICKET_STATUSES, OpenTicketStatus, TurnaroundGroup, TurnaroundTotals, turnaroundReport,
} from './turnaround.rules';

const SECONDS_PER_DAY = MS_PER_DAY / 1000;

/**
 * Days a group's tickets spent in each open status: the seconds each move added up as the ticket
 * left a status and, for the status it is in, the time since it entered it.
 */
const DAYS_IN_STATE = OPEN_TICKET_STATUSES.map((status) => {
  const seconds = secondsInStatusColumn(status);
  return `sum(t.${seconds} + CASE WHEN t.status = '${status}' THEN date_part('epoch', now() - t.status_since) ELSE 0 END) / ${SECONDS_PER_DAY} AS days_${status}`;
}).join(',\n         ');

/**
 * One pass over the window's tickets, grouped, reading only what the writes keep on each ticket
 * (never the history, nothing per ticket elsewhere). A machine's next ticket counts as a re-failure
 * whenever it was opened, inside the report's window or after it.
 */
const TURNAROUND_TOTALS = `
  SELECT t.repair_center_code, t.component, t.fault_code,
         count(*)::int AS opened,
         count(*) FILTER (WHERE t.status = ANY ($3::text[]))::int AS closed,
         count(*) FILTER (WHERE t.status = 'returned')::int AS returned,
         count(*) FILTER (WHERE t.status = 'scrapped')::int AS scrapped,
         count(*) FILTER (WHERE t.status = 'returned' AND t.parts_consumed = 0)::int AS returned_without_parts,
         count(*) FILTER (WHERE t.status = 'returned' AND (t.came_back_at IS NOT NULL OR t.returned_at + make_interval(days => $4) <= now()))::int
           AS re_failure_observed,
         count(*) FILTER (WHERE t.status = 'returned' AND t.came_back_at IS NOT NULL)::int AS re_failed,
         percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY date_part('epoch', t.returned_at - t.created_at))
           FILTER (WHERE t.status = 'returned') AS turnaround_seconds,
         ${DAYS_IN_STATE}
    FROM repairs.tickets t
   WHERE t.created_at >= $1 AND t.created_at < $2
   GROUP BY t.repair_center_code, t.component, t.fault_code`;

type TotalsRow = {
  repair_center_code: string; component: string; fault_code: string | null; opened: number; closed: number; returned: number;
  scrapped: number; returned_without_parts: number; re_failure_observed: number; re_failed: number;
  /** Nearest-rank P50 and P90 (percentile_disc), null without a returned ticket. */
  turnaround_seconds: [number, number] | null;
} & Record<`days_${OpenTicketStatus}`, number>;

@Injectable()
export class ReportsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Tickets opened in [from, to) (dates, UTC; default the last 90 days), grouped by center, component and fault code. */
  async turnaround(from?: string, to?: string): Promise<{ from: string; to: string; groups: TurnaroundGroup[] }> {
    const { start, end } = reportWindow(from, to, 90, new Date());
    const rows = await this.dataSource.transaction(async (sql): Promise<TotalsRow[]> => {
      // JIT compiling costs more than it saves on this one pass (90 days: ~370 ms with it, ~230 without).
      await sql.query(`SET LOCAL jit = off`);
      return sql.query(TURNAROUND_TOTALS, [start, end, FINAL_TICKET_STATUSES, RE_FAILURE_WINDOW_DAYS]);
    });
    const totals: TurnaroundTotals[] = rows.map((row) => ({
      repairCenterCode: row.repair_center_code,
      component: row.component,
      faultCode: row.fault_code,
      opened: row.opened,
      closed: row.closed,
      returned: row.returned,
      scrapped: row.scrapped,
      returnedWithoutParts: row.returned_without_parts,
      reFailureObserved: row.re_failure_observed,
      reFailed: row.re_failed,
      turnaroundMedianDays: row.turnaround_seconds && row.turnaround_seconds[0] / SECONDS_PER_DAY,
      turnaroundP90Days: row.turnaround_seconds && row.turnaround_seconds[1] / SECONDS_PER_DAY,
      daysInState: Object.fromEntries(OPEN_TICKET_STATUSES.map((status) => [status, row[`days_${status}`]])),
    }));
    return { from: utcDate(start), to: utcDate(end), groups: turnaroundReport(totals) };
  }

  toCsv(groups: TurnaroundGroup[]): string {
    const statuses = groups.length ? Object.keys(groups[0].meanDaysInState) : [];
    return toCsv(
      ['repairCenterCode', 'component', 'faultCode', 'opened', 'closed', 'turnaroundMedianDays', 'turnaroundP90Days',
        ...statuses.map((status) => `meanDays_${status}`), 'awaitingPartsShare', 'scrapRate', 'noFaultFoundRate', 'reFailureRate'],
      groups.map((g) => [
        g.repairCenterCode, g.component, g.faultCode, g.opened, g.closed, g.turnaroundDays.median, g.turnaroundDays.p90,
        ...statuses.map((status) => (g.meanDaysInState as Record<string, number>)[status]),
        g.awaitingPartsShare, g.scrapRate, g.noFaultFoundRate, g.reFailureRate,
      ]),
    );
  }
}
