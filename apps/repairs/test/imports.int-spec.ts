import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { eventually, TestStack } from '../../../test/support/stack';
import { unique } from './fixtures';

/** Streamed bulk imports are tracked: a client follows one by its id while it uploads, for a progress bar. */
describe('tracked bulk imports', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'repairs']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Starts an upload of `head`, announcing `total` bytes; `finish(tail)` sends the rest and answers the response. */
  function startUpload(path: string, head: string, total: number) {
    const url = new URL(path, stack.url('repairs'));
    const upload = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'content-length': total, authorization: `Bearer ${stack.adminKey}` },
    });
    const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      upload.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
      });
      upload.on('error', reject);
    });
    upload.write(head);
    return { finish: (tail: string) => (upload.end(tail), answer) };
  }

  it('shows an import’s progress batch by batch while it uploads, then its outcome', async () => {
    const site = unique('SITE');
    const rows = Array.from({ length: 12_000 }, (_, i) => `${site}-${String(i).padStart(5, '0')},S21,${site},200,3500\n`);
    const head = `serial,model,siteCode,hashrateThs,powerW\n${rows.slice(0, 10_500).join('')}`;
    const tail = rows.slice(10_500).join('');
    const total = Buffer.byteLength(head) + Buffer.byteLength(tail);
    const importId = randomUUID();
    const upload = startUpload(`/machines/bulk?importId=${importId}`, head, total);

    // The first batch of 10,000 commits while the rest of the file has not been sent.
    const repairs = stack.client('repairs');
    const midway = await eventually(async () => {
      const progress = await repairs.get(`/imports/${importId}`);
      expect(progress.body).toMatchObject({ state: 'running', kind: 'machines', batchesCommitted: 1, created: 10_000, bytesTotal: total });
      return progress.body;
    }, 15_000);
    expect(midway.percent).toBeGreaterThan(0);
    expect(midway.percent).toBeLessThan(100);
    expect(midway.rowsRead).toBeGreaterThanOrEqual(10_000);

    const answered = await upload.finish(tail);
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ importId, created: 12_000, rowsRead: 12_000, bytesRead: total });
    const done = (await repairs.get(`/imports/${importId}`)).body;
    expect(done).toMatchObject({
      state: 'completed', percent: 100, created: 12_000, updated: 0, unchanged: 0, rejected: 0, rowsRead: 12_000, bytesRead: total,
      batchesCommitted: 2, error: null,
    });
    expect(done.finishedAt).not.toBeNull();
    const listed = await repairs.get('/imports?kind=machines&state=completed&limit=500');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(importId);
  });

  it('records a refused upload as failed, refuses a taken or malformed importId, and reads a dead process’s import as abandoned', async () => {
    const repairs = stack.client('repairs');
    const importId = randomUUID();
    const bad = await repairs.request('POST', `/machines/bulk?importId=${importId}`, 'name\nx\n', { 'content-type': 'text/csv' });
    expect(bad.status).toBe(400);
    expect((await repairs.get(`/imports/${importId}`)).body).toMatchObject({ state: 'failed', error: expect.stringContaining('serial') });
    const again = await repairs.request('POST', `/machines/bulk?importId=${importId}`, 'serial,model,siteCode,hashrateThs,powerW\n', { 'content-type': 'text/csv' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('import_id_taken');
    const malformed = await repairs.request('POST', '/machines/bulk?importId=nope', 'serial,model,siteCode,hashrateThs,powerW\n', { 'content-type': 'text/csv' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toEqual(['importId: must be a UUID']);
    expect((await repairs.get(`/imports/${randomUUID()}`)).status).toBe(404);

    const database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    try {
      // No process holds lease 12345: the import it was running will never finish.
      const orphan = randomUUID();
      await database.query(`INSERT INTO repairs.imports (id, kind, state, owner, started_by) VALUES ($1, 'machines', 'running', 12345, 'erp')`, [orphan]);
      expect((await repairs.get(`/imports/${orphan}`)).body).toMatchObject({ state: 'abandoned', percent: null });
      const abandoned = await repairs.get('/imports?state=abandoned');
      expect(abandoned.body.items.map((item: { id: string }) => item.id)).toEqual([orphan]);
    } finally {
      await database.end();
    }
  });
});
