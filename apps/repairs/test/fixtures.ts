import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TestStack, type ApiClient } from '../../../test/support/stack';
import { OPEN_TICKET_STATUSES } from '../src/reports/turnaround.rules';
import type { TicketStatus } from '../src/tickets/ticket.rules';
import { secondsInStatusColumn } from '../src/tickets/tickets.repository';

/** The repairs service alone on a database of its own, and a SQL client on that database; started and stopped around the file's tests. */
export function repairsWithDatabase(environment: Record<string, string> = {}): { readonly repairs: ApiClient; readonly database: Client; readonly databaseUrl: string } {
  let stack: TestStack | undefined;
  const started: { repairs?: ApiClient; database?: Client } = {};
  beforeAll(async () => {
    stack = await TestStack.start(['repairs'], environment);
    started.repairs = stack.client('repairs');
    started.database = new Client({ connectionString: stack.databaseUrl });
    await started.database.connect();
  });
  afterAll(async () => {
    await started.database?.end();
    await stack?.stop();
  });
  return {
    get repairs() {
      return started.repairs as ApiClient;
    },
    get database() {
      return started.database as Client;
    },
    get databaseUrl() {
      return (stack as TestStack).databaseUrl;
    },
  };
}

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

export async function createMachine(
  repairs: ApiClient,
  overrides: Partial<{ serial: string; model: string; siteCode: string; hashrateThs: number; powerW: number }> = {},
): Promise<string> {
  const serial = overrides.serial ?? unique('M');
  const response = await repairs.post('/machines', { serial, model: 'S21', siteCode: 'SITE-A', hashrateThs: 200, powerW: 3500, ...overrides });
  if (response.status !== 201) throw new Error(`machine: ${response.status} ${JSON.stringify(response.body)}`);
  return serial;
}

export async function openTicket(
  repairs: ApiClient,
  machineSerial: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await repairs.post('/tickets', { machineSerial, component: 'psu', repairCenterCode: 'AR-REPAIR', ...extra });
  if (response.status !== 201) throw new Error(`ticket: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

export async function move(repairs: ApiClient, ticketId: string, ...path: string[]): Promise<void> {
  for (const to of path) {
    const response = await repairs.post(`/tickets/${ticketId}/transitions`, { to });
    if (response.status !== 200) throw new Error(`move to ${to}: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

export async function createPart(inventory: ApiClient, category = 'psu', serialized = false): Promise<string> {
  const sku = unique('SKU');
  const response = await inventory.post('/parts', { sku, name: `part ${sku}`, category, serialized });
  if (response.status !== 201) throw new Error(`part: ${response.status} ${JSON.stringify(response.body)}`);
  return sku;
}

export async function receive(inventory: ApiClient, sku: string, locationCode: string, quantity: number, serials?: string[]): Promise<void> {
  const response = await inventory.post('/stock/receipts', { sku, locationCode, quantity, ...(serials ? { serials } : {}) });
  if (response.status !== 201) throw new Error(`receipt: ${response.status} ${JSON.stringify(response.body)}`);
}

export async function stock(inventory: ApiClient, sku: string, locationCode: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const response = await inventory.get(`/stock?sku=${sku}&locationCode=${locationCode}`);
  return response.body.items[0] ?? { onHand: 0, reserved: 0, available: 0 };
}

export interface KeptAndRecorded {
  id: string;
  status: TicketStatus;
  status_since: Date;
  entered_last: Date;
  /** Seconds per status left, as the ticket row keeps them. */
  kept: Record<string, number>;
  /** The same from the ticket's history. */
  recorded: Record<string, number>;
}

/** Per ticket: the time in each status and since the current one, as the row keeps them and as its history says. */
export async function keptAndRecorded(database: Client, ids: string[]): Promise<KeptAndRecorded[]> {
  const seconds = OPEN_TICKET_STATUSES.map((status) => `'${status}', t.${secondsInStatusColumn(status)}`).join(', ');
  const { rows } = await database.query(
    `SELECT t.id, t.status, t.status_since, json_build_object(${seconds}) AS kept,
            (SELECT max(at) FROM repairs.ticket_history h WHERE h.ticket_id = t.id) AS entered_last,
            (SELECT coalesce(json_object_agg(to_status, seconds), '{}') FROM (
               SELECT to_status, sum(date_part('epoch', left_at - at)) AS seconds
                 FROM (SELECT to_status, at, lead(at) OVER (ORDER BY id) AS left_at FROM repairs.ticket_history h WHERE h.ticket_id = t.id) spans
                WHERE left_at IS NOT NULL GROUP BY to_status) per_status) AS recorded
       FROM repairs.tickets t WHERE t.id = ANY ($1::uuid[]) ORDER BY t.id`,
    [ids],
  );
  return rows;
}

/** The history stamps each row with the clock, the ticket with its transaction's start: a few ms apart. */
export function expectSameTimes(ticket: KeptAndRecorded): void {
  for (const status of OPEN_TICKET_STATUSES) expect(Math.abs(ticket.kept[status] - (ticket.recorded[status] ?? 0))).toBeLessThan(0.25);
  expect(Math.abs(ticket.status_since.getTime() - ticket.entered_last.getTime())).toBeLessThan(250);
}
