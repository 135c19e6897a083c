import { findChromium, HeadlessBrowser } from '../../../test/support/browser';
import { repairsWithDatabase } from './fixtures';

const chromium = findChromium();
if (!chromium) {
  // Said once, so a run without a browser does not look as if it checked the page.
  console.warn('dashboard browser test skipped: no Chromium (apt-get install chromium, or set CHROMIUM_BIN)');
}

/** The mine managers' page as a browser runs it: its script against a live service with demo data. */
(chromium ? describe : describe.skip)('repairs: the dashboard in a browser', () => {
  const service = repairsWithDatabase({ DEMO_DATA: 'true' });
  let browser: HeadlessBrowser;

  beforeAll(async () => {
    browser = await HeadlessBrowser.launch(chromium!);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('connects with a key and shows idle counts live, the scorecards, and a projection, without a script error', async () => {
    const { repairs } = service;
    const created = await repairs.post('/api-keys', { role: 'mine_manager', name: 'dashboard browser test' });
    const url = `${repairs.url}/dashboard`;
    await browser.goto(url);
    expect(await browser.evaluate<string>(`document.getElementById('status').textContent`)).toBe('not connected');
    await browser.evaluate(`localStorage.setItem('fleetApiKey', ${JSON.stringify(created.body.key)}); location.reload()`);
    await browser.waitFor(`document.getElementById('status').textContent === 'live'`);
    const idle = (await repairs.get('/fleet/idle')).body;
    await browser.waitFor(`document.getElementById('total').textContent === ${JSON.stringify(String(idle.total))}`);
    expect(await browser.evaluate<string>(`document.getElementById('machines').textContent`)).toBe('3,200');

    // Scorecards: one row per center, component and fault code of the report.
    const report = (await repairs.get('/reports/turnaround')).body;
    await browser.waitFor(`document.querySelectorAll('#scorecards tbody tr').length === ${report.groups.length}`);
    const firstRow = await browser.evaluate<string[]>(`[...document.querySelectorAll('#scorecards tbody tr:first-child td')].map((cell) => cell.textContent)`);
    expect(firstRow.slice(0, 5)).toEqual([report.groups[0].repairCenterCode, report.groups[0].component.replace(/_/g, ' '), report.groups[0].faultCode,
      String(report.groups[0].opened), String(report.groups[0].closed)]);

    // A ticket opened elsewhere reaches the page over the stream.
    const machine = (await repairs.get('/machines?state=running&limit=1')).body.items[0].serial;
    const staff = await repairs.post('/api-keys', { role: 'repair_staff', name: 'dashboard browser staff' });
    const opened = await repairs.withKey(staff.body.key).post('/tickets', { machineSerial: machine, component: 'fan', repairCenterCode: 'AR-REPAIR' });
    expect(opened.status).toBe(201);
    await browser.waitFor(`document.getElementById('total').textContent === ${JSON.stringify(String(idle.total + 1))}`);

    await browser.evaluate(`document.querySelector('#projection button.primary').click()`);
    await browser.waitFor(`document.querySelector('#projectionResult tfoot')`);
    const projection = (await repairs.post('/projections/uptime', { horizonDays: 90, method: 'analytic' })).body;
    const total = await browser.evaluate<string[]>(`[...document.querySelectorAll('#projectionResult tfoot td')].map((cell) => cell.textContent)`);
    expect(total[0]).toBe('total');
    expect(total[3]).toBe(projection.steadyState.expectedIdleMachines.toLocaleString('en-US', { maximumFractionDigits: 2 }));
    expect(browser.exceptions).toEqual([]);
  });
});
