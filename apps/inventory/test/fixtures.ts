import { randomBytes } from 'node:crypto';
import type { ApiClient } from '../../../test/support/stack';

/** A SKU no other test uses, so tests can share one database in any order. */
export function uniqueSku(prefix = 'SKU'): string {
  return `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

export async function createPart(client: ApiClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const sku = (overrides.sku as string | undefined) ?? uniqueSku();
  const response = await client.post('/parts', { sku, name: `part ${sku}`, category: 'fan', ...overrides });
  if (response.status !== 201) throw new Error(`creating ${sku}: ${response.status} ${JSON.stringify(response.body)}`);
  return sku;
}

export async function receive(client: ApiClient, sku: string, locationCode: string, quantity: number, serials?: string[]) {
  const response = await client.post('/stock/receipts', { sku, locationCode, quantity, ...(serials ? { serials } : {}) });
  if (response.status !== 201) throw new Error(`receiving ${sku}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function stockRow(client: ApiClient, sku: string, locationCode: string) {
  const response = await client.get(`/stock?sku=${encodeURIComponent(sku)}&locationCode=${encodeURIComponent(locationCode)}`);
  return response.body.items[0];
}
