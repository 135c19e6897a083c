import { MS_PER_DAY } from '@app/common/domain';
import { RE_FAILURE_WINDOW_DAYS, type TicketHistoryEntry, type TicketStatus } from '../tickets/ticket.rules';

export type DemoComponent = 'psu' | 'fan' | 'hashboard' | 'control_board';

export interface DemoMachine {
  serial: string;
  siteCode: string;
  model: string;
  hashrateThs: number;
}

export interface PastTicketPlan {
  machine: DemoMachine;
  component: DemoComponent;
  repairCenterCode: string;
  history: TicketHistoryEntry[];
  partsConsumed: number;
}

/** Days in each step as [least, most]; hashboards take longest on the bench. */
const REPAIR_DAYS: Record<DemoComponent, { repairing: [number, number]; awaitingPartsShare: number }> = {
  hashboard: { repairing: [2, 6], awaitingPartsShare: 0.5 },
  psu: { repairing: [0.5, 2], awaitingPartsShare: 0.35 },
  fan: { repairing: [0.2, 0.6], awaitingPartsShare: 0.15 },
  control_board: { repairing: [1, 3], awaitingPartsShare: 0.3 },
};
const COMPONENT_SHARES: Array<[DemoComponent, number]> = [['hashboard', 0.4], ['psu', 0.27], ['fan', 0.23], ['control_board', 0.1]];
/** Deterministic, so every fresh install shows the same demo fleet and history. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** How far back the demo's repair history reaches: the turnaround report's default window. */
export const PAST_DAYS = 90;

/** Of the machines back within the re-failure window, most come back within a fortnight. */
const REFAILURE_SHARE = 0.04;

/**
 * Repair history for the demo fleet: `count` tickets opened over the last `days` days and
 * closed by `now`, most repaired (some waiting days or weeks for parts), about one in ten returned with
 * no fault found, a few scrapped or cancelled, and some machines back within the re-failure window.
 * In the order opened, each history a legal walk of the state machine. Deterministic for a given `random`.
 */
export function pastTickets(
  fleet: readonly DemoMachine[],
  centers: readonly string[],
  now: Date,
  random: () => number,
  count = 240,
  days = PAST_DAYS,
): PastTicketPlan[] {
  const between = ([least, most]: [number, number]) => least + (most - least) * random();
  const plans: PastTicketPlan[] = [];
  for (let index = 0; index < count; index++) {
    const previous = plans[plans.length - 1];
    const previousEnd = previous?.history[previous.history.length - 1];
    const refails = previousEnd?.status === 'returned' && random() < REFAILURE_SHARE;
    // A stride coprime with the fleet's size: a machine of its own for each ticket, unless it came back.
    const machine = refails ? previous.machine : fleet[(index * 97) % fleet.length];
    let pick = random();
    const component = COMPONENT_SHARES.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'hashboard';
    const opened = refails
      ? previousEnd.at.getTime() + between([1, RE_FAILURE_WINDOW_DAYS - 16]) * MS_PER_DAY
      : now.getTime() - between([10, days]) * MS_PER_DAY;
    const history = walk(component, opened, between, random);
    if (history[history.length - 1].at.getTime() > now.getTime()) continue;
    plans.push({
      machine,
      component,
      repairCenterCode: centers[index % centers.length],
      history,
      partsConsumed: history.some((entry) => entry.status === 'repairing') ? 1 : 0,
    });
  }
  return plans.sort((a, b) => a.history[0].at.getTime() - b.history[0].at.getTime());
}

function walk(component: DemoComponent, opened: number, between: (range: [number, number]) => number, random: () => number): TicketHistoryEntry[] {
  let clock = opened;
  const history: TicketHistoryEntry[] = [{ status: 'reported', at: new Date(clock) }];
  const step = (status: TicketStatus, daysBefore: [number, number]) => {
    clock += between(daysBefore) * MS_PER_DAY;
    history.push({ status, at: new Date(clock) });
  };
  const outcome = random();
  if (outcome < 0.03) {
    step('cancelled', [0.2, 2]);
    return history;
  }
  // Shipping to the center, then the bench.
  step('received', [1, 4]);
  step('diagnosing', [0.1, 1]);
  if (outcome < 0.08) {
    step('scrapped', [0.5, 2]);
    return history;
  }
  if (outcome < 0.18) {
    // No fault found: back on the shelf without a part.
    step('ready_to_return', [0.3, 1.5]);
  } else {
    if (random() < REPAIR_DAYS[component].awaitingPartsShare) step('awaiting_parts', [0.2, 1]);
    step('repairing', history[history.length - 1].status === 'awaiting_parts' ? [2, 25] : [0.3, 1.5]);
    step('testing', REPAIR_DAYS[component].repairing);
    step('ready_to_return', [0.3, 1]);
  }
  step('returned', [1, 4]);
  return history;
}
