import { leaseHeldSql, PROCESS_LEASE_LOCK_CLASS, ProcessLease, runInContext, Transactions } from '@app/common';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { eventually, TestStack } from '../../../test/support/stack';

/** A repeated request waits this long for the first with its key (kept short for the in-progress case). */
const IDEMPOTENCY_WAIT_MS = 1000;

describe('platform, through the inventory service', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory'], { IDEMPOTENCY_WAIT_MS: String(IDEMPOTENCY_WAIT_MS) });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers /health 200 naming its dependencies, and /docs-json with the routes', async () => {
    const anonymous = stack.client('inventory').withKey(undefined);
    const health = await anonymous.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.checks).toEqual({ database: 'up', nats: 'up' });
    const docs = await anonymous.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/locations', '/api-keys']));
    expect(Object.keys(docs.body.paths['/locations'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '413', '422', '429']),
    );
    expect(docs.body.paths['/locations'].post.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBody');
    // Every operation needs the bearer key (one document-wide requirement), except the public ones.
    expect(docs.body.security).toEqual([{ bearer: [] }]);
    expect(docs.body.paths['/health'].get.security).toEqual([]);
    const metrics = await anonymous.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('outbox_backlog');
    expect(metrics.body).toMatch(/imports_unfinished\{state="abandoned",service="inventory"\} 0/);
    expect(metrics.body).toMatch(/inventory_serial_conflicts_open\{service="inventory"\} \d+/);
  });

  it('lists the three built-in repair centers on a fresh install', async () => {
    const response = await stack.client('inventory').get('/locations?kind=repair_center');
    expect(response.status).toBe(200);
    expect(response.body.items.map((location: { code: string }) => location.code)).toEqual(['AR-REPAIR', 'ND-REPAIR', 'OK-REPAIR']);
  });

  it('refuses requests without a valid key (401) and roles not allowed (403)', async () => {
    const client = stack.client('inventory');
    expect((await client.withKey(undefined).get('/locations')).status).toBe(401);
    expect((await client.withKey('not-a-key').get('/locations')).status).toBe(401);
    const manager = await client.post('/api-keys', { role: 'mine_manager', name: 'manager' });
    expect(manager.status).toBe(201);
    expect(manager.body.key.length).toBeGreaterThanOrEqual(43);
    const asManager = client.withKey(manager.body.key);
    expect((await asManager.get('/locations')).status).toBe(200);
    const forbidden = await asManager.post('/locations', { code: 'X-1', name: 'x', kind: 'port' });
    expect(forbidden.status).toBe(403);
    expect((await asManager.post('/api-keys', { role: 'admin', name: 'escalate' })).status).toBe(403);
  });

  it('revokes a key at once', async () => {
    const client = stack.client('inventory');
    const created = await client.post('/api-keys', { role: 'erp', name: 'erp-to-revoke' });
    const asErp = client.withKey(created.body.key);
    expect((await asErp.get('/locations')).status).toBe(200);
    expect((await client.delete(`/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await asErp.get('/locations')).status).toBe(401);
    const listed = await client.get('/api-keys?limit=500');
    const revoked = listed.body.items.find((key: { id: string }) => key.id === created.body.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
  });

  it('names every bad field in a 400, rejects unknown fields and malformed JSON, and 413s a body over 1 MiB', async () => {
    const client = stack.client('inventory');
    const bad = await client.post('/locations', { code: '', kind: 'moon', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('Bad Request');
    const text = bad.body.message.join('\n');
    for (const field of ['code', 'name', 'kind', 'extra']) expect(text).toContain(field);
    const malformed = await client.request('POST', '/locations', '{"code":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.statusCode).toBe(400);
    const huge = await client.post('/locations', { code: 'BIG', name: 'x'.repeat(1024 * 1024 + 10), kind: 'port' });
    expect(huge.status).toBe(413);
    expect((await client.get('/locations/NOPE')).status).toBe(404);
  });

  it('answers 409 for a duplicate code', async () => {
    const client = stack.client('inventory');
    expect((await client.post('/locations', { code: 'DUP-1', name: 'a', kind: 'mine_site' })).status).toBe(201);
    const again = await client.post('/locations', { code: 'DUP-1', name: 'b', kind: 'mine_site' });
    expect(again.status).toBe(409);
    expect(again.body.message[0]).toContain('DUP-1');
  });

  it('replays an Idempotency-Key with the same body, even concurrently, and 422s another body', async () => {
    const client = stack.client('inventory');
    const body = { code: 'IDEM-1', name: 'Idempotent site', kind: 'mine_site' };
    const headers = { 'idempotency-key': 'create-idem-1' };
    const [first, second] = await Promise.all([client.post('/locations', body, headers), client.post('/locations', body, headers)]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const third = await client.post('/locations', body, headers);
    expect(third.status).toBe(201);
    expect(third.body).toEqual(first.body);
    const other = await client.post('/locations', { ...body, name: 'changed' }, headers);
    expect(other.status).toBe(422);
  });

  describe('an Idempotency-Key left pending (claimed, never answered)', () => {
    let database: Client;
    let erp: { id: string; key: string };

    beforeAll(async () => {
      database = new Client({ connectionString: stack.databaseUrl });
      await database.connect();
      erp = (await stack.client('inventory').post('/api-keys', { role: 'erp', name: 'erp-with-pending-requests' })).body;
    });

    afterAll(async () => {
      await database?.end();
    });

    const location = (code: string) => ({ code, name: code, kind: 'port' });
    // The claim of the same request: the interceptor's hash of method, URL and body.
    const pending = (key: string, code: string, owner: number | null, age: string) =>
      database.query(
        `INSERT INTO inventory.idempotency_keys (api_key_id, key, request_hash, owner, created_at) VALUES ($1, $2, $3, $4, now() - $5::interval)`,
        [erp.id, key, createHash('sha256').update(`POST /locations\n${JSON.stringify(location(code))}`).digest('hex'), owner, age],
      );
    const retry = (key: string, code: string) => stack.client('inventory').withKey(erp.key).post('/locations', location(code), { 'idempotency-key': key });

    it('runs again at once when the process that claimed it has died', async () => {
      // No process holds lease 12345 (a process picks its lease id at random and holds its lock).
      await pending('died-1', 'AFTER-DEATH', 12345, '1 second');
      const retried = await retry('died-1', 'AFTER-DEATH');
      expect(retried.status).toBe(201);
      expect((await stack.client('inventory').get('/locations/AFTER-DEATH')).status).toBe(200);
      // The claim is now the running service's, under a lease that service holds.
      const claim = await database.query(
        `SELECT owner, ${leaseHeldSql('owner')} AS held FROM inventory.idempotency_keys WHERE api_key_id = $1 AND key = 'died-1'`,
        [erp.id],
      );
      expect(claim.rows[0].owner).not.toBe(12345);
      expect(claim.rows[0].held).toBe(true);
    });

    it('marks a claim committed by the transaction that writes its request', async () => {
      const created = await retry('committed-1', 'COMMITTED-SITE');
      expect(created.status).toBe(201);
      const claim = await database.query(`SELECT committed, status_code FROM inventory.idempotency_keys WHERE api_key_id = $1 AND key = 'committed-1'`, [erp.id]);
      expect(claim.rows[0]).toEqual({ committed: true, status_code: 201 });
    });

    it('writes nothing from a request whose claim a retry elsewhere has taken over', async () => {
      const service = stack.services.get('inventory')!.app;
      const transactions = service.get(Transactions);
      const lease = service.get(ProcessLease);
      await database.query(`CREATE TABLE inventory.claim_probe (id text PRIMARY KEY)`);
      // What the request's transaction writes, under its claim on `key`.
      const write = (key: string, id: string) =>
        runInContext({ correlationId: id, idempotencyClaim: { apiKeyId: erp.id, key, owner: lease.id } }, () =>
          transactions.run((unit) => unit.query(`INSERT INTO inventory.claim_probe (id) VALUES ($1)`, [id])),
        );
      const probes = async () => (await database.query(`SELECT id FROM inventory.claim_probe ORDER BY id`)).rows.map((row) => row.id);
      // Taken over: deleted by the retry, then claimed again under the retry's process (lease 777).
      await pending('taken-over-1', 'TAKEN-1', 777, '1 second');
      await expect(write('taken-over-1', 'a')).rejects.toMatchObject({ status: 409, code: 'idempotency_claim_lost' });
      await expect(write('never-claimed-1', 'b')).rejects.toMatchObject({ status: 409, code: 'idempotency_claim_lost' });
      expect(await probes()).toEqual([]);
      // Still its own: the write commits and the claim says so.
      await pending('still-mine-1', 'MINE-1', lease.id, '1 second');
      await write('still-mine-1', 'c');
      expect(await probes()).toEqual(['c']);
      const claim = await database.query(`SELECT committed FROM inventory.idempotency_keys WHERE api_key_id = $1 AND key = 'still-mine-1'`, [erp.id]);
      expect(claim.rows[0].committed).toBe(true);
    });

    it('never runs again a claim whose writes committed, even when its process is gone: 409 answer lost', async () => {
      await pending('committed-dead-1', 'AFTER-COMMIT', 12345, '1 second');
      await database.query(`UPDATE inventory.idempotency_keys SET committed = true WHERE api_key_id = $1 AND key = 'committed-dead-1'`, [erp.id]);
      const retried = await retry('committed-dead-1', 'AFTER-COMMIT');
      expect(retried.status).toBe(409);
      expect(retried.body.code).toBe('idempotency_answer_lost');
      expect((await stack.client('inventory').get('/locations/AFTER-COMMIT')).status).toBe(404);
    });

    it('waits for a live process however long it has run, answering 409 in progress, then runs once it has gone', async () => {
      const owner = new Client({ connectionString: stack.databaseUrl });
      await owner.connect();
      try {
        await owner.query('SELECT pg_advisory_lock($1, 54321)', [PROCESS_LEASE_LOCK_CLASS]);
        await pending('slow-1', 'AFTER-SLOW', 54321, '10 minutes');
        const started = Date.now();
        const waiting = await retry('slow-1', 'AFTER-SLOW');
        expect(waiting.status).toBe(409);
        expect(waiting.body.code).toBe('idempotency_in_progress');
        expect(Date.now() - started).toBeGreaterThanOrEqual(IDEMPOTENCY_WAIT_MS);
      } finally {
        await owner.end();
      }
      expect((await retry('slow-1', 'AFTER-SLOW')).status).toBe(201);
    });

    it('takes its lease again, under the same id, when PostgreSQL drops the lease connection', async () => {
      const lease = stack.services.get('inventory')!.app.get(ProcessLease);
      const held = async () => (await database.query(`SELECT ${leaseHeldSql('$1')} AS held`, [lease.id])).rows[0].held as boolean;
      expect(await held()).toBe(true);
      const id = lease.id;
      await database.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'inventory lease' AND datname = current_database()`,
      );
      await eventually(async () => expect(await held()).toBe(true), 10_000, 100);
      expect(lease.id).toBe(id);
    });

    it('runs again when a claim from before claims named their process is a minute old', async () => {
      await pending('unowned-1', 'AFTER-UNOWNED', null, '5 minutes');
      expect((await retry('unowned-1', 'AFTER-UNOWNED')).status).toBe(201);
    });
  });

  it('runs a transaction again when PostgreSQL aborts it as a deadlock victim, so both writers succeed once each', async () => {
    const transactions = stack.services.get('inventory')!.app.get(Transactions);
    const database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    try {
      await database.query(`CREATE TABLE inventory.deadlock_probe (id int PRIMARY KEY, writes int NOT NULL DEFAULT 0)`);
      await database.query(`INSERT INTO inventory.deadlock_probe (id) VALUES (1), (2)`);
      // Each writer locks its first row, waits until the other holds its own, then asks for the other's: a deadlock.
      let holding = 0;
      let bothHolding!: () => void;
      const together = new Promise<void>((resolve) => (bothHolding = resolve));
      let attempts = 0;
      const writer = (first: number, second: number) =>
        transactions.run(async (unit) => {
          attempts += 1;
          await unit.query(`UPDATE inventory.deadlock_probe SET writes = writes + 1 WHERE id = $1`, [first]);
          if (++holding === 2) bothHolding();
          await together;
          await unit.query(`UPDATE inventory.deadlock_probe SET writes = writes + 1 WHERE id = $1`, [second]);
        });
      await Promise.all([writer(1, 2), writer(2, 1)]);
      expect(attempts).toBe(3);
      const rows = await database.query(`SELECT id, writes FROM inventory.deadlock_probe ORDER BY id`);
      expect(rows.rows).toEqual([{ id: 1, writes: 2 }, { id: 2, writes: 2 }]);
    } finally {
      await database.query(`DROP TABLE IF EXISTS inventory.deadlock_probe`);
      await database.end();
    }
  });

  it('pages lists with a cursor and clamps large limits', async () => {
    const client = stack.client('inventory');
    for (let index = 0; index < 5; index += 1) {
      await client.post('/locations', { code: `PAGE-${index}`, name: `page ${index}`, kind: 'supplier' });
    }
    const first = await client.get('/locations?kind=supplier&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await client.get(`/locations?kind=supplier&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].code).toBe('PAGE-2');
    const all = await client.get('/locations?limit=100000');
    expect(all.status).toBe(200);
    expect((await client.get('/locations?cursor=garbage')).status).toBe(400);
  });
});
