import { MS_PER_DAY, utcDate } from '@app/common/domain';

/**
 * The trailing window of tickets a projection reads, split for ticket_days: the whole UTC days
 * [countedFrom, countedTo) are counted once into ticket_days; the tickets created in [since,
 * countedFromAt) and from recentFrom on are read from the tickets table. With fewer whole settled
 * days than that (a short window), the counted range is empty and recentFrom is countedFromAt, so
 * the two reads cover the window without overlap.
 */
export interface TicketWindow {
  since: Date;
  /** Days as YYYY-MM-DD (UTC); countedTo is exclusive. */
  countedFrom: string;
  countedTo: string;
  /** countedFrom at 00:00 UTC. */
  countedFromAt: Date;
  /** The later of countedFrom and countedTo, at 00:00 UTC. */
  recentFrom: Date;
}

const startOfUtcDay = (at: number) => Math.floor(at / MS_PER_DAY) * MS_PER_DAY;

/**
 * The window of `windowDays` before `now`. A day is counted once `settledAfterDays` UTC days have
 * begun after it, so no transaction still open when it is counted can have started on it.
 */
export function ticketWindow(now: Date, windowDays: number, settledAfterDays: number): TicketWindow {
  const since = now.getTime() - windowDays * MS_PER_DAY;
  const countedFrom = startOfUtcDay(since) + MS_PER_DAY;
  const countedTo = startOfUtcDay(now.getTime()) - settledAfterDays * MS_PER_DAY;
  return {
    since: new Date(since),
    countedFrom: utcDate(countedFrom),
    countedTo: utcDate(countedTo),
    countedFromAt: new Date(countedFrom),
    recentFrom: new Date(Math.max(countedFrom, countedTo)),
  };
}
