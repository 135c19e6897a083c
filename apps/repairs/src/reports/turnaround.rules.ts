import { TICKET_STATUSES, TicketStatus, isOpen } from '../tickets/ticket.rules';

export type OpenTicketStatus = Exclude<TicketStatus, 'returned' | 'scrapped' | 'cancelled'>;
export const OPEN_TICKET_STATUSES = TICKET_STATUSES.filter(isOpen) as OpenTicketStatus[];
export const FINAL_TICKET_STATUSES = TICKET_STATUSES.filter((status) => !isOpen(status));

/**
 * What the tickets of one (repair center, component, fault code) add up to; the store counts them
 * (see ReportsService) and `turnaroundReport` derives the report from them.
 */
export interface TurnaroundTotals {
  repairCenterCode: string;
  component: string;
  faultCode: string | null;
  opened: number;
  /** In a final status, cancelled included. */
  closed: number;
  returned: number;
  scrapped: number;
  /** Returned without consuming any part. */
  returnedWithoutParts: number;
  /** Returned tickets whose re-failure window has passed or whose machine came back within it. */
  reFailureObserved: number;
  /** Of those, the ones whose machine got a new ticket within the window after the return. */
  reFailed: number;
  /** reported → returned over returned tickets, nearest-rank; null with none returned. */
  turnaroundMedianDays: number | null;
  turnaroundP90Days: number | null;
  /** Days all the group's tickets spent in each open status, open tickets counted until now; absent is 0. */
  daysInState: Partial<Record<OpenTicketStatus, number>>;
}

/**
 * One (repair center, component, fault code). Durations are in days, like the projection's
 * `turnaroundDays`, so a measured turnaround can be fed to it as is. Rates are null with no denominator.
 */
export interface TurnaroundGroup {
  repairCenterCode: string;
  component: string;
  faultCode: string | null;
  opened: number;
  /** Tickets in a final status, cancelled included. */
  closed: number;
  /** reported → returned, over returned tickets, nearest-rank percentiles. */
  turnaroundDays: { median: number | null; p90: number | null };
  /** Per ticket of the group (a ticket that never entered a status adds 0); open tickets count until now. */
  meanDaysInState: Record<OpenTicketStatus, number>;
  awaitingPartsShare: number | null;
  /** Over tickets returned or scrapped: a cancelled ticket says nothing about the unit. */
  scrapRate: number | null;
  /** Returned without consuming any part, over tickets returned or scrapped. */
  noFaultFoundRate: number | null;
  /**
   * Returned tickets whose machine got a new ticket within the window after the return, over returned
   * tickets whose whole window has passed, so recent returns do not make repairs look better than they are.
   */
  reFailureRate: number | null;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function turnaroundGroup(totals: TurnaroundTotals): TurnaroundGroup {
  const days = (status: OpenTicketStatus) => totals.daysInState[status] ?? 0;
  const openDays = OPEN_TICKET_STATUSES.reduce((sum, status) => sum + days(status), 0);
  const resolved = totals.returned + totals.scrapped;
  return {
    repairCenterCode: totals.repairCenterCode,
    component: totals.component,
    faultCode: totals.faultCode,
    opened: totals.opened,
    closed: totals.closed,
    turnaroundDays: { median: totals.turnaroundMedianDays, p90: totals.turnaroundP90Days },
    meanDaysInState: Object.fromEntries(
      OPEN_TICKET_STATUSES.map((status) => [status, totals.opened === 0 ? 0 : days(status) / totals.opened]),
    ) as Record<OpenTicketStatus, number>,
    awaitingPartsShare: ratio(days('awaiting_parts'), openDays),
    scrapRate: ratio(totals.scrapped, resolved),
    noFaultFoundRate: ratio(totals.returnedWithoutParts, resolved),
    reFailureRate: ratio(totals.reFailed, totals.reFailureObserved),
  };
}

/** The report's groups, ordered by center, component and fault code, those without a fault code last. */
export function turnaroundReport(totals: readonly TurnaroundTotals[]): TurnaroundGroup[] {
  // '\uffff' sorts tickets without a fault code after those with one; code-unit order, as JSON keys compare.
  const key = (t: TurnaroundTotals) => JSON.stringify([t.repairCenterCode, t.component, t.faultCode ?? '\uffff']);
  return [...totals]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map(turnaroundGroup);
}
