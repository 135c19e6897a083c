import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TestStack, type ApiClient } from '../../../test/support/stack';

/** The repairs service alone on a database of its own, and a SQL client on that database; started and stopped around the file's tests. */
export function repairsWithDatabase(): { readonly repairs: ApiClient; readonly database: Client; readonly databaseUrl: string } {
  let stack: TestStack | undefined;
  const started: { repairs?: ApiClient; database?: Client } = {};
  beforeAll(async () => {
    stack = await TestStack.start(['repairs']);
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
