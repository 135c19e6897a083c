import { InvalidInput } from '@app/common';
import { MS_PER_DAY, toCsv, utcDate } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TicketStatus } from '../tickets/ticket.rules';
import { TicketRecord, turnaroundReport, TurnaroundGroup } from './turnaround.rules';

@Injectable()
export class ReportsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Tickets opened in [from, to) (dates, UTC; default the last 90 days), grouped by center, component and fault code. */
  async turnaround(from?: string, to?: string): Promise<{ from: string; to: string; groups: TurnaroundGroup[] }> {
    const end = to ? new Date(`${to}T00:00:00Z`) : new Date(Math.ceil(Date.now() / MS_PER_DAY) * MS_PER_DAY);
    const start = from ? new Date(`${from}T00:00:00Z`) : new Date(end.getTime() - 90 * MS_PER_DAY);
    if (start.getTime() >= end.getTime()) throw new InvalidInput(['from: must be before to']);
    const rows: Array<{
      id: string; machine_serial: string; repair_center_code: string; component: string; fault_code: string | null;
      history: Array<{ status: TicketStatus; at: string }>; parts_consumed: number;
    }> = await this.dataSource.query(
      `SELECT t.id, t.machine_serial, t.repair_center_code, t.component, t.fault_code,
              (SELECT json_agg(json_build_object('status', h.to_status, 'at', h.at) ORDER BY h.id)
                 FROM repairs.ticket_history h WHERE h.ticket_id = t.id) AS history,
              (SELECT count(*)::int FROM repairs.ticket_reservations r WHERE r.ticket_id = t.id AND r.status = 'consumed') AS parts_consumed
         FROM repairs.tickets t WHERE t.created_at >= $1 AND t.created_at < $2`,
      [start, end],
    );
    const records: TicketRecord[] = rows.map((row) => ({
      machineSerial: row.machine_serial,
      repairCenterCode: row.repair_center_code,
      component: row.component,
      faultCode: row.fault_code,
      history: row.history.map((entry) => ({ status: entry.status, at: new Date(entry.at) })),
      partsConsumed: row.parts_consumed,
    }));
    return { from: utcDate(start), to: utcDate(end), groups: turnaroundReport(records, new Date()) };
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
