import fc from 'fast-check';
import {
  IllegalTransition,
  TICKET_MOVES,
  TICKET_STATUSES,
  TicketStatus,
  idleReasonOf,
  isFinal,
  isOpen,
  machineImpactOf,
  replayHistory,
  secondsInStatuses,
  shortestPath,
  transition,
} from './ticket.rules';

const status = fc.constantFrom(...TICKET_STATUSES);
const notInTransit = { waitingOnHeldShipment: false };

describe('ticket state machine', () => {
  it('allows exactly the moves of the contract table', () => {
    // Written out again on purpose: this is the contract, the table in the rules must match it.
    const contract = [
      'reported>received', 'reported>cancelled',
      'received>diagnosing', 'received>scrapped', 'received>cancelled',
      'diagnosing>awaiting_parts', 'diagnosing>repairing', 'diagnosing>ready_to_return',
      'diagnosing>scrapped', 'diagnosing>cancelled',
      'awaiting_parts>repairing', 'awaiting_parts>scrapped', 'awaiting_parts>cancelled',
      'repairing>testing', 'repairing>awaiting_parts', 'repairing>scrapped',
      'testing>ready_to_return', 'testing>repairing', 'testing>scrapped',
      'ready_to_return>returned',
    ];
    const allowed = TICKET_STATUSES.flatMap((from) =>
      TICKET_STATUSES.filter((to) => !(transition(from, to) instanceof IllegalTransition)).map((to) => `${from}>${to}`),
    );
    expect(allowed.sort()).toEqual([...contract].sort());
  });

  it('names the allowed moves in a refused one', () => {
    const refused = transition('reported', 'repairing');
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect(refused).toMatchObject({
      code: 'illegal_transition',
      status: 409,
      from: 'reported',
      to: 'repairing',
      allowed: ['received', 'cancelled'],
    });
    expect((refused as IllegalTransition).message).toContain('received, cancelled');
  });

  it('treats returned, scrapped and cancelled as the only final statuses', () => {
    expect(TICKET_STATUSES.filter(isFinal)).toEqual(['returned', 'scrapped', 'cancelled']);
    expect(TICKET_STATUSES.filter(isOpen)).toHaveLength(7);
  });

  it('final statuses accept no move at all', () => {
    fc.assert(
      fc.property(fc.constantFrom<TicketStatus>('returned', 'scrapped', 'cancelled'), status, (from, to) => {
        const result = transition(from, to);
        return result instanceof IllegalTransition && result.allowed.length === 0;
      }),
    );
  });

  it('no sequence of attempted moves leaves the table, and the history replays to where it ended', () => {
    fc.assert(
      fc.property(fc.array(status, { maxLength: 40 }), (attempts) => {
        let current: TicketStatus = 'reported';
        const history: { status: TicketStatus }[] = [{ status: current }];
        for (const to of attempts) {
          const result = transition(current, to);
          if (result instanceof IllegalTransition) {
            expect(TICKET_MOVES[current]).not.toContain(to);
            expect(result.allowed).toEqual(TICKET_MOVES[current]);
          } else {
            expect(TICKET_MOVES[current]).toContain(result);
            current = result;
            history.push({ status: current });
          }
        }
        expect(replayHistory(history)).toBe(current);
      }),
    );
  });

  it('replay reports the first illegal step of a tampered history', () => {
    const replayed = replayHistory([{ status: 'reported' }, { status: 'received' }, { status: 'testing' }]);
    expect(replayed).toMatchObject({ from: 'received', to: 'testing' });
  });

  it('replay requires the history to start as reported', () => {
    expect(replayHistory([{ status: 'received' }])).toMatchObject({ from: null, to: 'received', allowed: ['reported'] });
    expect(() => replayHistory([])).toThrow(RangeError);
  });
});

describe('idle classification', () => {
  it.each<[TicketStatus, string | null]>([
    ['reported', 'awaiting_diagnosis'],
    ['received', 'awaiting_diagnosis'],
    ['diagnosing', 'awaiting_diagnosis'],
    ['awaiting_parts', 'awaiting_parts'],
    ['repairing', 'in_repair'],
    ['testing', 'in_repair'],
    ['ready_to_return', 'in_transit'],
    ['returned', null],
    ['scrapped', null],
    ['cancelled', null],
  ])('%s is idle for %s', (ticketStatus, reason) => {
    expect(idleReasonOf(ticketStatus, notInTransit)).toBe(reason);
  });

  it('a part held in customs turns awaiting_parts into customs_hold', () => {
    expect(idleReasonOf('awaiting_parts', { waitingOnHeldShipment: true })).toBe('customs_hold');
    expect(idleReasonOf('repairing', { waitingOnHeldShipment: true })).toBe('in_repair');
  });

});

describe('machine impact', () => {
  it('an open ticket idles the whole machine', () => {
    expect(machineImpactOf({ status: 'diagnosing' }, 200, notInTransit)).toEqual({
      kind: 'idle',
      reason: 'awaiting_diagnosis',
      lostHashrateThs: 200,
    });
  });

  it('a degraded machine loses only the hashrate it no longer has, and is not idle', () => {
    const impact = machineImpactOf({ status: 'awaiting_parts', degraded: true, remainingHashrateFraction: 2 / 3 }, 300, notInTransit);
    expect(impact.kind).toBe('degraded');
    expect(impact.lostHashrateThs).toBeCloseTo(100, 9);
  });

  it('a degraded ticket without a fraction counts all hashrate lost', () => {
    expect(machineImpactOf({ status: 'reported', degraded: true }, 120, notInTransit)).toEqual({ kind: 'degraded', lostHashrateThs: 120 });
  });

  it('a closed ticket costs nothing, degraded or not', () => {
    fc.assert(
      fc.property(fc.constantFrom<TicketStatus>('returned', 'scrapped', 'cancelled'), fc.boolean(), (ticketStatus, degraded) => {
        const impact = machineImpactOf({ status: ticketStatus, degraded, remainingHashrateFraction: 0.5 }, 100, notInTransit);
        return impact.kind === 'running' && impact.lostHashrateThs === 0;
      }),
    );
  });

  it('lost hashrate stays between none and all of it', () => {
    fc.assert(
      fc.property(status, fc.double({ min: -1, max: 2, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (s, fraction, hashrate) => {
        const { lostHashrateThs } = machineImpactOf({ status: s, degraded: true, remainingHashrateFraction: fraction }, hashrate, notInTransit);
        return lostHashrateThs >= 0 && lostHashrateThs <= hashrate;
      }),
    );
  });
});

describe('shortestPath', () => {
  it('walks a reported ticket through received and diagnosing to awaiting_parts', () => {
    expect(shortestPath('reported', 'awaiting_parts')).toEqual(['received', 'diagnosing', 'awaiting_parts']);
    expect(shortestPath('testing', 'awaiting_parts')).toEqual(['repairing', 'awaiting_parts']);
    expect(shortestPath('awaiting_parts', 'awaiting_parts')).toEqual([]);
  });

  it('finds no way out of a final state', () => {
    expect(shortestPath('returned', 'awaiting_parts')).toBeNull();
    expect(shortestPath('ready_to_return', 'awaiting_parts')).toBeNull();
  });

  it('only ever takes moves the table allows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...TICKET_STATUSES), (from, to) => {
        const path = shortestPath(from, to);
        if (path === null) return;
        let current = from;
        for (const step of path) {
          expect(TICKET_MOVES[current]).toContain(step);
          current = step;
        }
        expect(current).toBe(to);
      }),
    );
  });
});

describe('secondsInStatuses', () => {
  const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000);

  it('adds up the time in each status left, a status entered twice counted twice, the running one not at all', () => {
    const seconds = secondsInStatuses([
      { status: 'reported', at: at(0) }, { status: 'received', at: at(24) }, { status: 'diagnosing', at: at(25) },
      { status: 'repairing', at: at(27) }, { status: 'awaiting_parts', at: at(30) }, { status: 'repairing', at: at(100) },
    ]);
    expect(seconds).toEqual({ reported: 86_400, received: 3_600, diagnosing: 7_200, repairing: 10_800, awaiting_parts: 252_000 });
    expect(secondsInStatuses([{ status: 'reported', at: at(0) }])).toEqual({});
  });

  it('sums to the time from the first entry to the last', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(status, fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 12 }), (steps) => {
        let clock = 0;
        const history = steps.map(([entered, gap]) => ({ status: entered, at: new Date((clock += gap) * 1000) }));
        const total = Object.values(secondsInStatuses(history)).reduce((sum, value) => sum + value, 0);
        expect(total).toBeCloseTo((history[history.length - 1].at.getTime() - history[0].at.getTime()) / 1000, 6);
      }),
    );
  });
});
