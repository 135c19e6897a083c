import { eventually, TestStack, type ApiClient } from '../../../test/support/stack';
import { unique } from './fixtures';

describe('repairs: bulk machine import', () => {
  let stack: TestStack;
  let repairs: ApiClient;

  beforeAll(async () => {
    stack = await TestStack.start(['repairs']);
    repairs = stack.client('repairs');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const machinesAt = async (site: string) =>
    (await repairs.get('/fleet/idle')).body.bySite.find((s: { siteCode: string }) => s.siteCode === site)?.machines ?? 0;

  it('imports CSV with bad rows, and a second identical upload creates nothing', async () => {
    const site = unique('CSV');
    const prefix = unique('C');
    const lines = ['serial,model,siteCode,hashrateThs,powerW'];
    for (let i = 0; i < 20; i++) lines.push(`${prefix}-${i},S21,${site},200,3500`);
    lines.push(`${prefix}-bad1,S21,${site},-5,3500`);
    lines.push(`,S21,${site},200,3500`);
    lines.push(`${prefix}-bad3,S21,${site},200`);
    lines.push(`${prefix}-20,"Whatsminer M60",${site},172.5,3420`);
    const csv = `${lines.join('\r\n')}\r\n`;
    const first = await repairs.request('POST', '/machines/bulk', csv, { 'content-type': 'text/csv' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 21, updated: 0, unchanged: 0, rejectedCount: 3 });
    expect(first.body.rejected).toEqual([
      { row: 21, field: 'hashrateThs', reason: expect.any(String) },
      { row: 22, field: 'serial', reason: 'is required' },
      { row: 23, field: 'body', reason: expect.stringContaining('wrong_column_count') },
    ]);
    expect((await repairs.get(`/machines/${prefix}-20`)).body).toMatchObject({ maker: 'MicroBT', hashrateThs: 172.5, model: 'Whatsminer M60' });
    expect(await machinesAt(site)).toBe(21);

    const second = await repairs.request('POST', '/machines/bulk', csv, { 'content-type': 'text/csv' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: 21, rejectedCount: 3 });

    // A changed row updates, and moving a machine to another site moves its count.
    const other = unique('CSV2');
    const changed = `serial,model,siteCode,hashrateThs,powerW,maker\n${prefix}-0,S21,${other},210,3500,Bitmain\n${prefix}-1,S21,${site},200,3500,\n`;
    const third = await repairs.request('POST', '/machines/bulk', changed, { 'content-type': 'text/csv' });
    expect(third.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejectedCount: 0 });
    expect(await machinesAt(site)).toBe(20);
    expect(await machinesAt(other)).toBe(1);
  });

  it('imports a JSON array with bad rows the same way, idempotently', async () => {
    const site = unique('JSON');
    const prefix = unique('J');
    const rows: unknown[] = Array.from({ length: 12 }, (_, i) => ({ serial: `${prefix}-${i}`, model: 'M50', siteCode: site, hashrateThs: 118, powerW: 3300 }));
    rows.push({ serial: `${prefix}-x`, model: 'M50', siteCode: site, hashrateThs: 118, powerW: 3300, color: 'red' });
    rows.push('not an object');
    rows.push({ serial: `${prefix}-0`, model: 'M50', siteCode: site, hashrateThs: 120, powerW: 3300 });
    const body = JSON.stringify(rows);
    const first = await repairs.request('POST', '/machines/bulk', body, { 'content-type': 'application/json' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 12, updated: 0, rejectedCount: 3 });
    expect(first.body.rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([[12, 'color'], [13, 'body'], [0, 'serial']]);
    expect((await repairs.get(`/machines/${prefix}-0`)).body.hashrateThs).toBe(120);
    const second = await repairs.request('POST', '/machines/bulk', body, { 'content-type': 'application/json' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: 12, rejectedCount: 3 });
    expect(await machinesAt(site)).toBe(12);
  });

  it('stores quotes, backslashes and commas as sent, and a NUL in one row never fails the others', async () => {
    const site = unique('ESC');
    const prefix = unique('E');
    const csv = [
      'serial,model,siteCode,hashrateThs,powerW,maker',
      `"${prefix}-""q""",S21,${site},200,3500,`,
      `${prefix}-b\\s,"Avalon, A1466",${site},150,3230,Canaan`,
      `${prefix}-nul\u0000,S21,${site},200,3500,`,
      `${prefix}-a,S21,${site},200,3500,NULL`,
    ].join('\n');
    const first = await repairs.request('POST', '/machines/bulk', csv, { 'content-type': 'text/csv' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 3, rejectedCount: 1, rejected: [{ row: 3, field: 'serial', reason: 'must not contain NUL characters' }] });
    expect((await repairs.get(`/machines/${encodeURIComponent(`${prefix}-"q"`)}`)).body).toMatchObject({ maker: 'Bitmain' });
    expect((await repairs.get(`/machines/${encodeURIComponent(`${prefix}-b\\s`)}`)).body).toMatchObject({ model: 'Avalon, A1466', maker: 'Canaan' });
    expect((await repairs.get(`/machines/${prefix}-a`)).body).toMatchObject({ maker: 'NULL' });
    const again = await repairs.request('POST', '/machines/bulk', csv, { 'content-type': 'text/csv' });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejectedCount: 1 });
    expect(await machinesAt(site)).toBe(3);
  });

  it('refuses an unreadable upload with 400 and a role that may not write machines with 403', async () => {
    const notArray = await repairs.request('POST', '/machines/bulk', '{"serial":"x"}', { 'content-type': 'application/json' });
    expect(notArray.status).toBe(400);
    const badHeader = await repairs.request('POST', '/machines/bulk', 'serial,model,color\nA,S21,red\n', { 'content-type': 'text/csv' });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.message.join()).toContain('siteCode: missing column');
    expect(badHeader.body.message.join()).toContain('color: unknown column');
    const manager = await repairs.post('/api-keys', { role: 'mine_manager', name: unique('mm') });
    const forbidden = await repairs.withKey(manager.body.key).request('POST', '/machines/bulk', '[]', { 'content-type': 'application/json' });
    expect(forbidden.status).toBe(403);
  });

  it('streams 100,000 CSV rows in batches with bounded memory', async () => {
    const site = unique('BIG');
    const prefix = unique('B');
    const total = 100_000;
    async function* rows(): AsyncGenerator<Uint8Array> {
      const encoder = new TextEncoder();
      yield encoder.encode('serial,model,siteCode,hashrateThs,powerW\n');
      for (let start = 0; start < total; start += 5000) {
        let chunk = '';
        for (let i = start; i < start + 5000; i++) chunk += `${prefix}-${i},T21,${site},190,3610\n`;
        yield encoder.encode(chunk);
      }
    }
    const started = Date.now();
    const response = await fetch(`${stack.url('repairs')}/machines/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'text/csv' },
      body: ReadableStream.from(rows()),
      duplex: 'half',
    } as RequestInit);
    const body = await response.json();
    const seconds = (Date.now() - started) / 1000;
    expect(response.status).toBe(201);
    expect(body).toMatchObject({ created: total, rejectedCount: 0 });
    expect(await machinesAt(site)).toBe(total);
    process.stdout.write(`bulk import: ${total} rows in ${seconds.toFixed(2)} s (${Math.round(total / seconds)} rows/s)\n`);
    await eventually(async () => expect((await repairs.get(`/machines?siteCode=${site}&limit=1`)).body.items).toHaveLength(1));
  });
});
