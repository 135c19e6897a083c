import { Conflict } from '@app/common/errors';

export const TICKET_STATUSES = [
  'reported',
  'received',
  'diagnosing',
  'awaiting_parts',
  'repairing',
  'testing',
  'ready_to_return',
  'returned',
  'scrapped',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Every status a new ticket starts in. */
export const INITIAL_TICKET_STATUS: TicketStatus = 'reported';

/** Every allowed move, as the public contract's table; a status with no moves is final. */
export const TICKET_MOVES: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  reported: ['received', 'cancelled'],
  received: ['diagnosing', 'scrapped', 'cancelled'],
  // ready_to_return straight from diagnosing is the no-fault-found path.
  diagnosing: ['awaiting_parts', 'repairing', 'ready_to_return', 'scrapped', 'cancelled'],
  awaiting_parts: ['repairing', 'scrapped', 'cancelled'],
  repairing: ['testing', 'awaiting_parts', 'scrapped'],
  testing: ['ready_to_return', 'repairing', 'scrapped'],
  ready_to_return: ['returned'],
  returned: [],
  scrapped: [],
  cancelled: [],
};

/** 409: the move is not in the table; `allowed` names the moves that are. `from` is null before creation. */
/**
 * A UTC day's tickets and moves are settled, and may be counted once into ticket_days and idle_days,
 * when this many days have begun after it: by then no transaction that started on it (tickets take
 * their creation time from their transaction) is still open. Nothing writes an earlier creation or
 * move time (past tickets come only with the demo's first start, before anything is counted), and
 * tickets are never deleted.
 */
export const SETTLED_AFTER_DAYS = 2;

/** A machine with a new ticket within this many days of its last return re-failed: that repair did not hold. */
export const RE_FAILURE_WINDOW_DAYS = 30;

export class IllegalTransition extends Conflict {
  constructor(
    readonly from: TicketStatus | null,
    readonly to: TicketStatus,
    readonly allowed: readonly TicketStatus[],
  ) {
    super(
      'illegal_transition',
      from === null
        ? `a ticket starts as ${INITIAL_TICKET_STATUS}, not ${to}`
        : `a ticket cannot move from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final)'}`,
      { from, to, allowed },
    );
  }
}

export function allowedMoves(current: TicketStatus): readonly TicketStatus[] {
  return TICKET_MOVES[current];
}

export function isFinal(status: TicketStatus): boolean {
  return TICKET_MOVES[status].length === 0;
}

export function isOpen(status: TicketStatus): boolean {
  return !isFinal(status);
}

/** The new status, or the error to throw; returning it keeps the rule free of control flow by exception. */
export function transition(current: TicketStatus, to: TicketStatus): TicketStatus | IllegalTransition {
  const allowed = TICKET_MOVES[current];
  return allowed.includes(to) ? to : new IllegalTransition(current, to, allowed);
}

export interface TicketHistoryEntry {
  status: TicketStatus;
  at: Date;
}

/** Seconds spent in each status a history has left (the status it ends in is still running, so absent). */
export function secondsInStatuses(history: readonly TicketHistoryEntry[]): Partial<Record<TicketStatus, number>> {
  const seconds: Partial<Record<TicketStatus, number>> = {};
  for (let i = 0; i + 1 < history.length; i++) {
    const { status, at } = history[i];
    seconds[status] = (seconds[status] ?? 0) + (history[i + 1].at.getTime() - at.getTime()) / 1000;
  }
  return seconds;
}

/**
 * The status a history ends in, checking every step against the table; the first entry is the
 * creation and must be `reported`. An empty history is a bug in the caller, not a client error.
 */
export function replayHistory(history: readonly Pick<TicketHistoryEntry, 'status'>[]): TicketStatus | IllegalTransition {
  if (history.length === 0) throw new RangeError('a ticket history starts with its creation entry');
  const first = history[0].status;
  if (first !== INITIAL_TICKET_STATUS) return new IllegalTransition(null, first, [INITIAL_TICKET_STATUS]);
  let current: TicketStatus = first;
  for (let i = 1; i < history.length; i++) {
    const next = transition(current, history[i].status);
    if (next instanceof IllegalTransition) return next;
    current = next;
  }
  return current;
}

export const IDLE_REASONS = ['awaiting_diagnosis', 'in_repair', 'awaiting_parts', 'customs_hold', 'in_transit'] as const;
export type IdleReason = (typeof IDLE_REASONS)[number];

export interface IdleContext {
  /** A part the ticket still misses is on a shipment held in customs. */
  waitingOnHeldShipment: boolean;
}

/**
 * Why an open ticket keeps its machine idle:
 * - reported, received, diagnosing → awaiting_diagnosis
 * - awaiting_parts → customs_hold when a missing part is on a held shipment, else awaiting_parts
 * - repairing, testing → in_repair
 * - ready_to_return → in_transit: repaired and tested, the unit is on its way back to its site (or about
 *   to be); nothing is left to do at the center, and the machine is idle until `returned`
 * Null for final statuses: returned and cancelled machines run again, scrapped ones are written off.
 */
export function idleReasonOf(status: TicketStatus, context: IdleContext): IdleReason | null {
  switch (status) {
    case 'reported':
    case 'received':
    case 'diagnosing':
      return 'awaiting_diagnosis';
    case 'awaiting_parts':
      return context.waitingOnHeldShipment ? 'customs_hold' : 'awaiting_parts';
    case 'repairing':
    case 'testing':
      return 'in_repair';
    case 'ready_to_return':
      return 'in_transit';
    case 'returned':
    case 'scrapped':
    case 'cancelled':
      return null;
  }
}

export interface TicketLoad {
  status: TicketStatus;
  /** The machine still hashes, at `remainingHashrateFraction` of its rate, while the ticket is open. */
  degraded?: boolean;
  remainingHashrateFraction?: number | null;
}

export type MachineImpact =
  | { kind: 'running'; lostHashrateThs: 0 }
  | { kind: 'degraded'; lostHashrateThs: number }
  | { kind: 'idle'; reason: IdleReason; lostHashrateThs: number };

/**
 * What a machine's ticket costs it in hashrate. A degraded ticket never makes the machine idle;
 * a degraded ticket without a fraction counts all its hashrate lost, so losses are never understated.
 */
export function machineImpactOf(ticket: TicketLoad, hashrateThs: number, context: IdleContext): MachineImpact {
  const reason = idleReasonOf(ticket.status, context);
  if (reason === null) return { kind: 'running', lostHashrateThs: 0 };
  if (ticket.degraded) {
    const remaining = Math.min(1, Math.max(0, ticket.remainingHashrateFraction ?? 0));
    return { kind: 'degraded', lostHashrateThs: hashrateThs * (1 - remaining) };
  }
  return { kind: 'idle', reason, lostHashrateThs: hashrateThs };
}

/**
 * The fewest legal moves from `from` to `to` (excluding `from`), or null when the table allows no way.
 * Used when a use case implies a state further on, e.g. asking for a part that is short on a ticket
 * not yet diagnosed walks it through received and diagnosing, each move recorded.
 */
export function shortestPath(from: TicketStatus, to: TicketStatus): TicketStatus[] | null {
  if (from === to) return [];
  const cameFrom = new Map<TicketStatus, TicketStatus>([[from, from]]);
  const frontier: TicketStatus[] = [from];
  while (frontier.length > 0) {
    const current = frontier.shift()!;
    for (const next of TICKET_MOVES[current]) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, current);
      if (next === to) {
        const path: TicketStatus[] = [to];
        for (let step = current; step !== from; step = cameFrom.get(step)!) path.unshift(step);
        return path;
      }
      frontier.push(next);
    }
  }
  return null;
}
