import { Client } from 'pg';
import { IDLE_COUNT_STRIPES, MOVE_IDLE_COUNT } from '../src/fleet/idle-impact.sql';
import type { ApiClient } from '../../../test/support/stack';
import { createMachine, move, openTicket, repairsWithDatabase, unique } from './fixtures';

/**
 * The counters the machine writes keep (machines_by_site_model for /fleet/idle, fleet_counts for
 * projections) must equal a recount from the machines table after any mix of writes; and /fleet/idle,
 * served from memory, must show this process's writes at once and other writers' within a second.
 */
describe('repairs: fleet counters and the cached idle answer', () => {
  const service = repairsWithDatabase();
  let repairs: ApiClient;
  let database: Client;
  beforeAll(() => ({ repairs, database } = service));

  const csv = (rows: string[], withMaker = false) =>
    `serial,model,siteCode,hashrateThs,powerW${withMaker ? ',maker' : ''}\n${rows.join('\n')}\n`;
  const bulk = async (body: string) => {
    const response = await repairs.request('POST', '/machines/bulk', body, { 'content-type': 'text/csv' });
    expect([200, 201]).toContain(response.status);
    return response.body;
  };

  /** The counters and a recount of the table, each as sorted rows (hashrate as an exact decimal string). */
  async function countersAndRecount() {
    const [counted, recount, bySiteModel, recountBySiteModel] = await Promise.all([
      database.query(
        `SELECT site_code, model, maker, machines, trim_scale(hashrate_ths)::text AS hashrate, power_w::text AS power, first_created_at
           FROM repairs.fleet_counts WHERE machines <> 0 ORDER BY 1, 2, 3`,
      ),
      database.query(
        `SELECT site_code, model, coalesce(maker, '') AS maker, count(*)::int AS machines, trim_scale(sum(hashrate_ths::numeric))::text AS hashrate,
                sum(power_w)::text AS power, min(created_at) AS first_created_at
           FROM repairs.machines GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      ),
      database.query(`SELECT site_code, model, machines FROM repairs.machines_by_site_model WHERE machines <> 0 ORDER BY 1, 2`),
      database.query(`SELECT site_code, model, count(*)::int AS machines FROM repairs.machines GROUP BY 1, 2 ORDER BY 1, 2`),
    ]);
    return { counted: counted.rows, recount: recount.rows, bySiteModel: bySiteModel.rows, recountBySiteModel: recountBySiteModel.rows };
  }

  async function expectCountersExact(): Promise<void> {
    const { counted, recount, bySiteModel, recountBySiteModel } = await countersAndRecount();
    expect(bySiteModel).toEqual(recountBySiteModel);
    // first_created_at of a key may be older than its machines once its earliest machine moved away; the
    // overall earliest (all readers use) is exact. Everything else is equal row for row.
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ first_created_at: _, ...rest }) => rest);
    expect(strip(counted)).toEqual(strip(recount));
    const earliest = (rows: Array<{ first_created_at: Date }>) => Math.min(...rows.map((row) => row.first_created_at.getTime()));
    expect(earliest(counted)).toBe(earliest(recount));
    for (const row of counted) {
      const scanned = recount.find((r) => r.site_code === row.site_code && r.model === row.model && r.maker === row.maker)!;
      expect(row.first_created_at.getTime()).toBeLessThanOrEqual(scanned.first_created_at.getTime());
    }
  }

  it('keeps the counters equal to a recount after creates, imports that move machines, re-imports and scrapping', async () => {
    const prefix = unique('FC');
    const [siteA, siteB] = [unique('SA'), unique('SB')];
    await createMachine(repairs, { serial: `${prefix}-single-1`, siteCode: siteA, model: 'S21', hashrateThs: 200.5, powerW: 3500 });
    await createMachine(repairs, { serial: `${prefix}-single-2`, siteCode: siteB, model: 'Mystery 9000', hashrateThs: 77.125, powerW: 1999 });
    await expectCountersExact();

    const first = Array.from({ length: 60 }, (_, i) =>
      `${prefix}-${i},${i % 3 === 0 ? 'Whatsminer M60' : 'Antminer S21'},${i % 2 ? siteA : siteB},${100 + i / 8},${3000 + i}`);
    expect(await bulk(csv(first))).toMatchObject({ created: 60, updated: 0 });
    await expectCountersExact();

    // Moves between sites and models, changed hashrate and power, a maker given, a repeated serial, new rows.
    const second = [
      `${prefix}-0,Antminer S21,${siteA},100,3000,`,
      `${prefix}-1,Whatsminer M60,${siteB},172.3,3001,`,
      `${prefix}-2,Antminer S21,${siteB},999.999,4444,`,
      `${prefix}-3,Whatsminer M60,${siteB},100.375,3003,OtherMaker`,
      `${prefix}-4,Antminer S21,${siteB},100.5,3004,`,
      `${prefix}-4,Avalon A1466,${siteA},150,3230,`,
      `${prefix}-single-1,Antminer S21,${siteB},200.5,3500,`,
      `${prefix}-new-1,Avalon A1466,${siteA},150,3230,`,
    ];
    expect(await bulk(csv(second, true))).toMatchObject({ created: 1, rejectedCount: 1 });
    await expectCountersExact();

    // The same files again: nothing changes; the first one again moves everything back.
    expect(await bulk(csv(second, true))).toMatchObject({ created: 0, updated: 0 });
    expect(await bulk(csv(first))).toMatchObject({ created: 0, updated: 5 });
    await expectCountersExact();

    // A scrapped machine stays counted (as registered) and is left out of the projection's fleet.
    const serial = `${prefix}-10`;
    const ticket = await openTicket(repairs, serial);
    await move(repairs, ticket, 'received', 'scrapped');
    await expectCountersExact();
  });

  it('moves a down machine\'s idle count with it when a re-import changes its site, model or hashrate', async () => {
    const [from, to] = [unique('MV-FROM'), unique('MV-TO')];
    const serial = await createMachine(repairs, { siteCode: from, model: 'Antminer S21', hashrateThs: 200 });
    const degraded = await createMachine(repairs, { siteCode: from, model: 'Antminer S21', hashrateThs: 100 });
    const ticket = await openTicket(repairs, serial);
    await openTicket(repairs, degraded, { degraded: true, remainingHashrateFraction: 0.5 });
    const site = async (code: string) => (await repairs.get('/fleet/idle')).body.bySite.find((s: { siteCode: string }) => s.siteCode === code);
    expect(await site(from)).toMatchObject({ machines: 2, idle: 1, lostHashrateThs: 250 });

    expect(await bulk(csv([`${serial},Antminer S21 XP,${to},270,3600`, `${degraded},Antminer S21,${to},120,3500`]))).toMatchObject({ updated: 2 });
    expect(await site(from)).toBeUndefined();
    expect(await site(to)).toMatchObject({ machines: 2, idle: 1, lostHashrateThs: 330 });
    expect((await repairs.get(`/tickets/${ticket}`)).body).toMatchObject({ siteCode: to, model: 'Antminer S21 XP' });
    // The counters equal a recount from the open tickets as they now stand.
    const [counted, recount] = await Promise.all([
      database.query(`SELECT site_code, model, reason, machines FROM repairs.idle_totals WHERE machines <> 0 AND site_code = ANY($1) ORDER BY 1, 2, 3`, [[from, to]]),
      database.query(
        `SELECT m.site_code, m.model, t.impact_key AS reason, count(*)::int AS machines FROM repairs.tickets t JOIN repairs.machines m ON m.serial = t.machine_serial
          WHERE t.impact_key IS NOT NULL AND m.site_code = ANY($1) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [[from, to]],
      ),
    ]);
    expect(counted.rows).toEqual(recount.rows);
    await move(repairs, ticket, 'cancelled');
    expect(await site(to)).toMatchObject({ idle: 0, lostHashrateThs: 60 });
  });

  it('lets tickets of one site and model move their idle counter at once, without waiting on each other', async () => {
    const site = unique('HOT-SITE');
    const connected = async () => {
      const writer = new Client({ connectionString: service.databaseUrl });
      await writer.connect();
      return { writer, stripe: (await writer.query(`SELECT pg_backend_pid() % ${IDLE_COUNT_STRIPES} AS stripe`)).rows[0].stripe as number };
    };
    // Two connections whose stripes differ, as two of the service's pool connections nearly always do.
    const first = await connected();
    const opened = [first.writer];
    let second = await connected();
    opened.push(second.writer);
    while (second.stripe === first.stripe) opened.push((second = await connected()).writer);
    const writers = [first.writer, second.writer];
    try {
      for (const writer of writers) {
        await writer.query(`BEGIN`);
        await writer.query(`SET LOCAL lock_timeout = '2s'`);
      }
      // The first transaction holds its counter row until it commits; the second must not wait for it.
      await writers[0].query(MOVE_IDLE_COUNT, [site, 'Antminer S21', 'awaiting_parts', 1, 200]);
      await writers[1].query(MOVE_IDLE_COUNT, [site, 'Antminer S21', 'awaiting_parts', 1, 200]);
      await Promise.all(writers.map((writer) => writer.query(`COMMIT`)));
      const totals = await database.query(`SELECT machines, lost_hashrate_ths FROM repairs.idle_totals WHERE site_code = $1`, [site]);
      expect(totals.rows).toEqual([{ machines: 2, lost_hashrate_ths: 400 }]);
      const rows = await database.query(`SELECT count(*)::int AS rows FROM repairs.idle_counts WHERE site_code = $1`, [site]);
      expect(rows.rows[0].rows).toBe(2);
    } finally {
      await Promise.all(opened.map((writer) => writer.end()));
      await database.query(`DELETE FROM repairs.idle_counts WHERE site_code LIKE 'HOT-SITE%'`);
    }
  });

  it('fills the projection fleet from the counters exactly as a scan of the machines would', async () => {
    const response = await repairs.post('/projections/uptime', { method: 'analytic', horizonDays: 30 });
    expect(response.status).toBe(200);
    const scan = await database.query(
      `SELECT model, max(maker) AS maker, count(*)::int AS machines, avg(hashrate_ths)::float8 AS hashrate_ths
         FROM repairs.machines WHERE NOT scrapped GROUP BY model ORDER BY model`,
    );
    const parameter = (name: string) => response.body.parameters.find((p: { name: string }) => p.name === name);
    for (const row of scan.rows) {
      expect(parameter(`fleet.${row.model}.machines`)).toMatchObject({ value: row.machines, source: 'live' });
      expect(parameter(`fleet.${row.model}.hashrateThs`).value).toBeCloseTo(row.hashrate_ths, 9);
    }
    const live = response.body.parameters.filter((p: { name: string; source: string }) => /^fleet\..*\.machines$/.test(p.name));
    expect(live).toHaveLength(scan.rows.length);
  });

  it('shows its own writes at once, and writes it was not told about within a second', async () => {
    const site = unique('RYW');
    const machinesAt = async () =>
      (await repairs.get('/fleet/idle')).body.bySite.find((s: { siteCode: string }) => s.siteCode === site) ?? { machines: 0, idle: 0 };
    // Warm the cache, then write and read at once, several times over.
    for (let i = 0; i < 5; i++) {
      expect((await machinesAt()).machines).toBe(i);
      const serial = await createMachine(repairs, { siteCode: site });
      expect((await machinesAt()).machines).toBe(i + 1);
      const ticket = await openTicket(repairs, serial);
      expect((await machinesAt()).idle).toBe(1);
      await move(repairs, ticket, 'cancelled');
      expect((await machinesAt()).idle).toBe(0);
    }
    // Another replica's write (straight into the counters here): shown once the cache's short staleness bound passes.
    const other = unique('REPLICA');
    await database.query(`INSERT INTO repairs.machines_by_site_model (site_code, model, machines) VALUES ($1, 'S21', 7)`, [other]);
    const written = Date.now();
    let seen = 0;
    while (seen !== 7 && Date.now() - written < 3000) {
      seen = (await repairs.get('/fleet/idle')).body.bySite.find((s: { siteCode: string }) => s.siteCode === other)?.machines ?? 0;
      if (seen !== 7) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toBe(7);
    await database.query(`DELETE FROM repairs.machines_by_site_model WHERE site_code = $1`, [other]);
  });
});
