import { MS_PER_DAY } from '@app/common/domain';
import { TICKET_STATUSES, TicketHistoryEntry, TicketStatus, isOpen } from '../tickets/ticket.rules';

export const RE_FAILURE_WINDOW_DAYS = 30;

export type OpenTicketStatus = Exclude<TicketStatus, 'returned' | 'scrapped' | 'cancelled'>;
const OPEN_STATUSES = TICKET_STATUSES.filter(isOpen) as OpenTicketStatus[];

export interface TicketRecord {
  machineSerial: string;
  repairCenterCode: string;
  component: string;
  faultCode: string | null;
  /** In order, starting with the creation entry (`reported`). */
  history: readonly TicketHistoryEntry[];
  partsConsumed: number;
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
  /** Per ticket of the group (a ticket that never entered a status adds 0); open tickets count until `now`. */
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

/** Nearest rank: the smallest value with at least `p` (0 < p ≤ 1) of the values at or below it. */
export function nearestRankPercentile(sortedAscending: readonly number[], p: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1];
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function lastEntry(ticket: TicketRecord): TicketHistoryEntry {
  return ticket.history[ticket.history.length - 1];
}

function returnedAt(ticket: TicketRecord): Date | null {
  const last = lastEntry(ticket);
  return last.status === 'returned' ? last.at : null;
}

function addDaysInState(ticket: TicketRecord, now: Date, days: Record<OpenTicketStatus, number>): void {
  ticket.history.forEach((entry, i) => {
    if (!isOpen(entry.status)) return;
    const until = ticket.history[i + 1]?.at ?? now;
    days[entry.status as OpenTicketStatus] += (until.getTime() - entry.at.getTime()) / MS_PER_DAY;
  });
}

/** For each returned ticket, whether its machine came back within the window; undefined while the window is still open. */
function reFailures(tickets: readonly TicketRecord[], now: Date, windowDays: number): Map<TicketRecord, boolean> {
  const windowMs = windowDays * MS_PER_DAY;
  const byMachine = new Map<string, TicketRecord[]>();
  for (const ticket of tickets) {
    const machineTickets = byMachine.get(ticket.machineSerial) ?? [];
    machineTickets.push(ticket);
    byMachine.set(ticket.machineSerial, machineTickets);
  }
  const outcome = new Map<TicketRecord, boolean>();
  for (const machineTickets of byMachine.values()) {
    const reportedTimes = machineTickets.map((t) => t.history[0].at.getTime());
    for (const ticket of machineTickets) {
      const returned = returnedAt(ticket)?.getTime();
      if (returned === undefined) continue;
      const cameBack = reportedTimes.some((reported) => reported >= returned && reported <= returned + windowMs);
      if (cameBack || returned + windowMs <= now.getTime()) outcome.set(ticket, cameBack);
    }
  }
  return outcome;
}

function summarise(group: readonly TicketRecord[], now: Date, machineCameBack: Map<TicketRecord, boolean>): TurnaroundGroup {
  const { repairCenterCode, component, faultCode } = group[0];
  const totalDays = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<OpenTicketStatus, number>;
  const turnarounds: number[] = [];
  let closed = 0;
  let scrapped = 0;
  let noFaultFound = 0;
  let resolved = 0;
  let reFailureObserved = 0;
  let reFailed = 0;
  for (const ticket of group) {
    addDaysInState(ticket, now, totalDays);
    const final = lastEntry(ticket).status;
    if (!isOpen(final)) closed++;
    if (final === 'scrapped') {
      scrapped++;
      resolved++;
    }
    const returned = returnedAt(ticket);
    if (returned) {
      resolved++;
      turnarounds.push((returned.getTime() - ticket.history[0].at.getTime()) / MS_PER_DAY);
      if (ticket.partsConsumed === 0) noFaultFound++;
    }
    const cameBack = machineCameBack.get(ticket);
    if (cameBack !== undefined) {
      reFailureObserved++;
      if (cameBack) reFailed++;
    }
  }
  turnarounds.sort((a, b) => a - b);
  const openDays = OPEN_STATUSES.reduce((sum, s) => sum + totalDays[s], 0);
  const meanDaysInState = Object.fromEntries(OPEN_STATUSES.map((s) => [s, totalDays[s] / group.length])) as Record<OpenTicketStatus, number>;
  return {
    repairCenterCode,
    component,
    faultCode,
    opened: group.length,
    closed,
    turnaroundDays: { median: nearestRankPercentile(turnarounds, 0.5), p90: nearestRankPercentile(turnarounds, 0.9) },
    meanDaysInState,
    awaitingPartsShare: ratio(totalDays.awaiting_parts, openDays),
    scrapRate: ratio(scrapped, resolved),
    noFaultFoundRate: ratio(noFaultFound, resolved),
    reFailureRate: ratio(reFailed, reFailureObserved),
  };
}

/**
 * Turnaround and quality per (repair center, component, fault code), ordered by those three.
 * Re-failures look at every ticket given, so a machine's next ticket counts even under another component.
 */
export function turnaroundReport(
  tickets: readonly TicketRecord[],
  now: Date,
  reFailureWindowDays = RE_FAILURE_WINDOW_DAYS,
): TurnaroundGroup[] {
  const machineCameBack = reFailures(tickets, now, reFailureWindowDays);
  const groups = new Map<string, TicketRecord[]>();
  for (const ticket of tickets) {
    // '\uffff' sorts tickets without a fault code after those with one.
    const key = JSON.stringify([ticket.repairCenterCode, ticket.component, ticket.faultCode ?? '\uffff']);
    const group = groups.get(key) ?? [];
    group.push(ticket);
    groups.set(key, group);
  }
  return [...groups.keys()].sort().map((key) => summarise(groups.get(key)!, now, machineCameBack));
}
