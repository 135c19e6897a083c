import { MS_PER_DAY, utcDate } from '@app/common/domain';
import fc from 'fast-check';
import type { QueryRunner } from 'typeorm';
import { TicketOutcomes1733200000000 } from '../src/database/migrations/1733200000000-ticket-outcomes';
import { OPEN_TICKET_STATUSES } from '../src/reports/turnaround.rules';
import { TICKET_MOVES, type TicketStatus } from '../src/tickets/ticket.rules';
import { secondsInStatusColumn } from '../src/tickets/tickets.repository';
import { createMachine, expectSameTimes, keptAndRecorded, move, openTicket, repairsWithDatabase } from './fixtures';

type Step = [TicketStatus, number];

/**
 * GET /reports/turnaround counts the window's tickets from what each move keeps on the ticket (the
 * time spent in each status, when the current one began), never from their history; these tests
 * check that what moves keep equals the history, and the report's arithmetic over tickets whose
 * times are set to a designed year.
 */
describe('repairs: the turnaround report', () => {
  const service = repairsWithDatabase();
  /** Day d of the scenario; day 100 is now. */
  const origin = Date.now() - 100 * MS_PER_DAY;
  const day = (d: number) => new Date(origin + d * MS_PER_DAY);

  /** Tickets opened through the API and moved along `steps`, then given the scenario's times. */
  async function ticketWithTimes(steps: Step[], options: { serial?: string; component?: string; center?: string; faultCode?: string; partsConsumed?: number } = {}) {
    const { repairs, database } = service;
    const serial = options.serial ?? (await createMachine(repairs));
    const id = await openTicket(repairs, serial, {
      component: options.component ?? 'psu', repairCenterCode: options.center ?? 'AR-REPAIR', faultCode: options.faultCode ?? 'PSU-DEAD',
    });
    await move(repairs, id, ...steps.slice(1).map(([status]) => status));
    const secondsInState: Record<string, number> = {};
    steps.slice(0, -1).forEach(([status, at], i) => {
      secondsInState[status] = (secondsInState[status] ?? 0) + ((steps[i + 1][1] - at) * MS_PER_DAY) / 1000;
    });
    const [last] = steps.slice(-1);
    const columns = OPEN_TICKET_STATUSES.map((status) => `${secondsInStatusColumn(status)} = ${secondsInState[status] ?? 0}`).join(', ');
    await database.query(
      `UPDATE repairs.tickets SET created_at = $2, status_since = $3::timestamptz, ${columns}, parts_consumed = $4,
              returned_at = CASE WHEN status = 'returned' THEN $3::timestamptz END WHERE id = $1`,
      [id, day(steps[0][1]), day(last[1]), options.partsConsumed ?? 0],
    );
    // As the move to returned leaves the machine: its latest return, which its next ticket looks at.
    await database.query(
      `UPDATE repairs.machines m SET last_returned_at = t.returned_at FROM repairs.tickets t
        WHERE t.id = $1 AND t.status = 'returned' AND m.last_returned_ticket_id = t.id`,
      [id],
    );
    return { id, serial };
  }

  const report = async (query: string) => {
    const response = await service.repairs.get(`/reports/turnaround?${query}`);
    expect(response.status).toBe(200);
    return response.body.groups as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('keeps, at every move, the time spent in each status and when the current one began, equal to the history', async () => {
    const { repairs } = service;
    const walk = fc.array(fc.nat(), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(walk, async (picks) => {
        const id = await openTicket(repairs, await createMachine(repairs), { component: 'fan' });
        let status: TicketStatus = 'reported';
        for (const pick of picks) {
          const moves: readonly TicketStatus[] = TICKET_MOVES[status];
          if (moves.length === 0) break;
          status = moves[pick % moves.length];
          await move(repairs, id, status);
          // Some time in the status, so a column left unchanged by a move shows.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const [ticket] = await keptAndRecorded(service.database, [id]);
        expect(ticket.status).toBe(status);
        expectSameTimes(ticket);
      }),
      { numRuns: 12 },
    );
  });

  it('a database migrated from an earlier version gets the same times and outcomes from what it recorded', async () => {
    const { database, repairs } = service;
    // A machine repaired and back at once: its return, and that it came back, are recorded too.
    const serial = await createMachine(repairs);
    await move(repairs, await openTicket(repairs, serial), 'received', 'diagnosing', 'ready_to_return', 'returned');
    await openTicket(repairs, serial, { component: 'fan' });
    const outcomes = () => database.query(
      `SELECT t.id, t.parts_consumed, t.came_back_at, m.last_returned_ticket_id, m.last_returned_at
         FROM repairs.tickets t JOIN repairs.machines m ON m.serial = t.machine_serial ORDER BY t.id`,
    ).then((result) => result.rows);
    const kept = await outcomes();
    expect(kept.filter((ticket) => ticket.came_back_at !== null)).toHaveLength(1);
    const runner = { query: (sql: string) => database.query(sql) } as unknown as QueryRunner;
    const migration = new TicketOutcomes1733200000000();
    await migration.down(runner);
    await migration.up(runner);
    for (const ticket of await keptAndRecorded(database, kept.map((row) => row.id))) expectSameTimes(ticket);
    // The migration takes the next ticket's creation, the live intake its own transaction's start: the same instant here.
    expect(await outcomes()).toEqual(kept);
  });

  it('counts, turnaround percentiles, days in each status until now, and scrap and no-fault-found rates of a group', async () => {
    await ticketWithTimes([['reported', 0], ['received', 1], ['diagnosing', 2], ['awaiting_parts', 3], ['repairing', 7], ['testing', 8], ['ready_to_return', 9], ['returned', 10]], { partsConsumed: 1 });
    await ticketWithTimes([['reported', 0], ['received', 1], ['diagnosing', 1], ['ready_to_return', 2], ['returned', 4]]);
    await ticketWithTimes([['reported', 0], ['received', 1], ['scrapped', 3]]);
    await ticketWithTimes([['reported', 0], ['cancelled', 1]]);
    await ticketWithTimes([['reported', 90], ['received', 91], ['diagnosing', 92], ['awaiting_parts', 94]]);
    const groups = await report(`from=${utcDate(day(-1))}`);
    const group = groups.find((g) => g.repairCenterCode === 'AR-REPAIR' && g.faultCode === 'PSU-DEAD')!;
    expect(group).toMatchObject({ component: 'psu', opened: 5, closed: 4 });
    expect(group.turnaroundDays.median).toBeCloseTo(4, 6);
    expect(group.turnaroundDays.p90).toBeCloseTo(10, 6);
    // awaiting_parts: 4 days of the repaired unit and 6 (until now) of the open one, over 5 tickets.
    expect(group.meanDaysInState.awaiting_parts).toBeCloseTo(2, 3);
    expect(group.meanDaysInState.reported).toBeCloseTo(1, 6);
    // Open time: 10 + 4 + 3 + 1 + 10 days.
    expect(group.awaitingPartsShare).toBeCloseTo(10 / 28, 3);
    expect(group.scrapRate).toBeCloseTo(1 / 3, 9);
    expect(group.noFaultFoundRate).toBeCloseTo(1 / 3, 9);
    expect(group.reFailureRate).toBe(0);
    // Only tickets opened in the window count.
    const later = await report(`from=${utcDate(day(50))}`);
    expect(later.find((g) => g.repairCenterCode === 'AR-REPAIR' && g.faultCode === 'PSU-DEAD')).toMatchObject({ opened: 1, closed: 0 });
  });

  it('turnaround percentiles are exact nearest ranks, however many returns share a day', async () => {
    const turnarounds = [12.3, 5.6, 2.1, 9.9, 5.5, 12.2, 2.9, 5.0, 12.25, 3.3, 5.7, 2.5];
    for (const days of turnarounds) {
      await ticketWithTimes([['reported', 10], ['received', 10.1], ['diagnosing', 10.2], ['ready_to_return', 10.3], ['returned', 10 + days]], { faultCode: 'PSU-PCT' });
    }
    const group = (await report(`from=${utcDate(day(-1))}`)).find((g) => g.faultCode === 'PSU-PCT')!;
    // Sorted: 2.1 2.5 2.9 3.3 5.0 [5.5] 5.6 5.7 9.9 12.2 [12.25] 12.3: ranks 6 and 11 of 12.
    expect(group.turnaroundDays.median).toBeCloseTo(5.5, 6);
    expect(group.turnaroundDays.p90).toBeCloseTo(12.25, 6);
  });

  it('a machine back within 30 days of its return is a re-failure of that repair, whatever broke next and even after the window', async () => {
    const repairedBy = (returnedOn: number): Step[] => [
      ['reported', returnedOn - 35], ['received', returnedOn - 34], ['diagnosing', returnedOn - 34], ['repairing', returnedOn - 33],
      ['testing', returnedOn - 32], ['ready_to_return', returnedOn - 32], ['returned', returnedOn],
    ];
    const options = { center: 'ND-REPAIR', faultCode: 'PSU-REFAIL', partsConsumed: 1 };
    const nextTicket = (serial: string) => openTicket(service.repairs, serial, { component: 'fan', repairCenterCode: 'ND-REPAIR', faultCode: 'FAN-NEXT' });
    // Returned 25 days ago, back today: a re-failure.
    const cameBack = await ticketWithTimes(repairedBy(75), options);
    await nextTicket(cameBack.serial);
    // Returned 35 days ago, back today: outside the window, so the repair held.
    const heldLong = await ticketWithTimes(repairedBy(65), options);
    await nextTicket(heldLong.serial);
    // Returned 90 days ago and never back.
    await ticketWithTimes(repairedBy(10), options);
    // Returned 10 days ago: its window has not passed, so it counts neither way yet.
    await ticketWithTimes(repairedBy(90), options);
    const refail = async (query: string) => (await report(query)).find((g) => g.faultCode === 'PSU-REFAIL')!;
    expect(await refail(`from=${utcDate(day(-30))}`)).toMatchObject({ opened: 4, reFailureRate: 1 / 3 });
    // The next ticket names the repair that did not hold; the one past the window names none.
    const machineTickets = async (serial: string) => (await service.repairs.get(`/tickets?machineSerial=${serial}`)).body.items.map((t: { id: string }) => t.id);
    const [, again] = await machineTickets(cameBack.serial);
    expect((await service.repairs.get(`/tickets/${again}`)).body.repeatOf).toEqual({ ticketId: cameBack.id, returnedAt: day(75).toISOString() });
    const [, later] = await machineTickets(heldLong.serial);
    expect((await service.repairs.get(`/tickets/${later}`)).body.repeatOf).toBeNull();
    // The tickets opened up to day 50 (all but the last): the machines' next tickets, today, lie outside this window.
    expect(await refail(`from=${utcDate(day(-30))}&to=${utcDate(day(50))}`)).toMatchObject({ opened: 3, reFailureRate: 1 / 3 });
  });

  it('a ticket cancelled as opened by mistake takes its re-failure back, and the machine coming back later still counts', async () => {
    const repaired: Step[] = [['reported', 40], ['received', 41], ['diagnosing', 41], ['repairing', 42], ['testing', 43], ['ready_to_return', 43], ['returned', 75]];
    const earlier = await ticketWithTimes(repaired, { center: 'OK-REPAIR', faultCode: 'PSU-MISTAKE', partsConsumed: 1 });
    const rate = async () => (await report(`from=${utcDate(day(-30))}`)).find((g) => g.faultCode === 'PSU-MISTAKE')!.reFailureRate;
    const mistake = await openTicket(service.repairs, earlier.serial, { component: 'fan', repairCenterCode: 'OK-REPAIR', faultCode: 'FAN-MISTAKE' });
    expect((await service.repairs.get(`/tickets/${mistake}`)).body.repeatOf).toMatchObject({ ticketId: earlier.id });
    expect(await rate()).toBe(1);
    await move(service.repairs, mistake, 'cancelled');
    expect((await service.repairs.get(`/tickets/${mistake}`)).body.repeatOf).toBeNull();
    // Returned 25 days ago and not back: its window is still open, so it counts neither way.
    expect(await rate()).toBeNull();
    const real = await openTicket(service.repairs, earlier.serial, { component: 'fan', repairCenterCode: 'OK-REPAIR', faultCode: 'FAN-MISTAKE' });
    expect((await service.repairs.get(`/tickets/${real}`)).body.repeatOf).toMatchObject({ ticketId: earlier.id });
    expect(await rate()).toBe(1);
  });

  it('serves the same groups as CSV, and refuses a window that ends before it starts or a date not on the calendar', async () => {
    const csv = await service.repairs.get(`/reports/turnaround?from=${utcDate(day(-1))}&format=csv`);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toContain('repairCenterCode,component,faultCode,opened,closed,turnaroundMedianDays');
    expect(lines.some((line) => line.startsWith('AR-REPAIR,psu,PSU-DEAD,5,4,'))).toBe(true);
    const backwards = await service.repairs.get('/reports/turnaround?from=2026-02-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('from');
    // February 30 would otherwise roll over into March.
    const notADate = await service.repairs.get('/reports/turnaround?from=2026-02-30');
    expect(notADate.status).toBe(400);
    expect(JSON.stringify(notADate.body)).toContain('from: 2026-02-30 is not a calendar date');
  });
});
