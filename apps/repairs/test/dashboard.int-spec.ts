import { TestStack } from '../../../test/support/stack';

/** The mine managers' page: served without a key, and every route it calls exists and answers a mine manager's key. */
describe('repairs: the dashboard page', () => {
  const READS = ['/fleet/idle', '/fleet/holds', '/insights/holds', '/reports/turnaround', '/scenarios'];
  const POSTS = ['/projections/uptime', '/projections/spares-plan'];
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'shipments', 'repairs']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 200 text/html without a key and names the routes it uses, all in the OpenAPI document', async () => {
    const anonymous = stack.client('repairs').withKey(undefined);
    const page = await anonymous.get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = String(page.body);
    for (const route of ['/fleet/idle/stream', ...READS, ...POSTS]) expect(html).toContain(route);
    expect(html).toContain('scenarioStart');
    const paths = Object.keys((await anonymous.get('/docs-json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/fleet/idle/stream', ...READS, ...POSTS]));
  });

  it('ends open idle streams when the service stops, so a dashboard left open never holds up a shutdown', async () => {
    const repairs = stack.client('repairs');
    const response = await fetch(`${repairs.url}/fleet/idle/stream`, { headers: { authorization: `Bearer ${stack.adminKey}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = '';
    while (!received.includes('event: idle')) received += new TextDecoder().decode((await reader.read()).value);
    const stopped = Date.now();
    await stack.stopService('repairs');
    expect(Date.now() - stopped).toBeLessThan(10_000);
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    await stack.startService('repairs');
    expect((await repairs.get('/fleet/idle')).status).toBe(200);
  });

  it('gets answers to its calls with a mine manager key', async () => {
    const created = await stack.client('repairs').post('/api-keys', { role: 'mine_manager', name: 'dashboard test' });
    const manager = stack.client('repairs', created.body.key);
    for (const route of READS) expect({ route, status: (await manager.get(route)).status }).toEqual({ route, status: 200 });
    const projection = await manager.post('/projections/uptime', { horizonDays: 30, method: 'analytic', scenario: 'regulatory', scenarioStart: '2030-01-01' });
    expect(projection.status).toBe(200);
    expect(projection.body.steadyState.byComponent.length).toBeGreaterThan(0);
    const plan = await manager.post('/projections/spares-plan', { budgetUsd: '1000.00', scenario: 'regulatory' });
    expect(plan.status).toBe(200);
    expect(plan.body).toHaveProperty('allocation');
  });
});
