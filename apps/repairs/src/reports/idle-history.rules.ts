import { MS_PER_DAY, utcDate } from '@app/common/domain';
import { IdleReason, machineImpactOf, TicketStatus } from '../tickets/ticket.rules';

/**
 * The reasons a past day can be told by: whether an awaiting-parts ticket waited on a shipment held
 * in customs is known only while it waits, so history counts those under `awaiting_parts`.
 */
export const HISTORY_REASONS = ['awaiting_diagnosis', 'in_repair', 'awaiting_parts', 'in_transit'] as const satisfies readonly IdleReason[];
export type HistoryReason = (typeof HISTORY_REASONS)[number];

/** Time that tickets alike in what they cost their machines spent in one status on one UTC day, summed. */
export interface StatusTimeOnDay {
  /** Days since 1970-01-01 (UTC). */
  day: number;
  status: TicketStatus;
  degraded: boolean;
  remainingHashrateFraction: number | null;
  /** Ticket-seconds in this status on this day. */
  seconds: number;
  /** Σ seconds × each ticket's machine hashrate (TH/s). */
  hashrateThSeconds: number;
}

export interface TicketCountOnDay {
  day: number;
  opened: number;
  closed: number;
}

export interface IdleDay {
  date: string;
  /** Machines down, averaged over the day (for today: over its hours so far). */
  idleMachines: number;
  /** Machines running degraded under an open ticket, averaged over the day. */
  degradedMachines: number;
  /** Hashrate lost to down and degraded machines, averaged over the day. */
  lostHashrateThs: number;
  byReason: Record<HistoryReason, number>;
  ticketsOpened: number;
  ticketsClosed: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const SECONDS_PER_DAY = MS_PER_DAY / 1000;

/** The days [fromDay, toDay) that have begun by `nowMs`, each with its averages. */
export function idleHistory(
  fromDay: number,
  toDay: number,
  nowMs: number,
  statusTimes: readonly StatusTimeOnDay[],
  ticketCounts: readonly TicketCountOnDay[],
): IdleDay[] {
  const lastDay = Math.min(toDay, Math.ceil(nowMs / MS_PER_DAY));
  const sums = new Map<number, { idle: number; degraded: number; lost: number; byReason: Record<HistoryReason, number> }>();
  for (const time of statusTimes) {
    // The hashrate a machine loses is proportional to its hashrate, so the summed hashrate-seconds give the summed loss.
    const impact = machineImpactOf(time, time.hashrateThSeconds, { waitingOnHeldShipment: false });
    if (impact.kind === 'running') continue;
    let sum = sums.get(time.day);
    if (!sum) {
      sum = { idle: 0, degraded: 0, lost: 0, byReason: { awaiting_diagnosis: 0, in_repair: 0, awaiting_parts: 0, in_transit: 0 } };
      sums.set(time.day, sum);
    }
    sum.lost += impact.lostHashrateThs;
    if (impact.kind === 'degraded') {
      sum.degraded += time.seconds;
    } else {
      sum.idle += time.seconds;
      sum.byReason[impact.reason as HistoryReason] += time.seconds;
    }
  }
  const counts = new Map(ticketCounts.map((count) => [count.day, count]));
  const days: IdleDay[] = [];
  for (let day = fromDay; day < lastDay; day++) {
    // Today is averaged over the part of it that has passed.
    const length = Math.min(SECONDS_PER_DAY, nowMs / 1000 - day * SECONDS_PER_DAY);
    if (length <= 0) continue;
    const sum = sums.get(day);
    const average = (seconds: number) => round2(seconds / length);
    days.push({
      date: utcDate(day * MS_PER_DAY),
      idleMachines: average(sum?.idle ?? 0),
      degradedMachines: average(sum?.degraded ?? 0),
      lostHashrateThs: average(sum?.lost ?? 0),
      byReason: Object.fromEntries(HISTORY_REASONS.map((reason) => [reason, average(sum?.byReason[reason] ?? 0)])) as Record<HistoryReason, number>,
      ticketsOpened: counts.get(day)?.opened ?? 0,
      ticketsClosed: counts.get(day)?.closed ?? 0,
    });
  }
  return days;
}
