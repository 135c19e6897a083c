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

  it('connects with a key and shows idle counts live, the scorecards, the idle history, and projections, without a script error', async () => {
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

    // Idle history: a stacked area per reason over the demo's past days, and a tooltip per day.
    const history = (await repairs.get('/reports/idle-history')).body;
    await browser.waitFor(`document.querySelectorAll('#idleHistory svg rect.hover').length === ${history.days.length}`);
    expect(await browser.evaluate<number>(`document.querySelectorAll('#idleHistory svg path').length`)).toBe(4);
    const firstDay = await browser.evaluate<string>(`document.querySelector('#idleHistory svg rect.hover title').textContent`);
    expect(firstDay.startsWith(`${history.days[0].date}: `)).toBe(true);
    // Narrowed to one site: the chart shows that site's days.
    const site = idle.bySite[0].siteCode;
    const siteHistory = (await repairs.get(`/reports/idle-history?siteCode=${site}`)).body;
    const lastTitle = `'${siteHistory.days.at(-2).date}: ${siteHistory.days.at(-2).idleMachines.toLocaleString('en-US', { maximumFractionDigits: 1 })} idle'`;
    await browser.waitFor(`document.querySelectorAll('#historySite option').length === ${idle.bySite.length + 1}`);
    await browser.evaluate(`(() => { const select = document.getElementById('historySite'); select.value = ${JSON.stringify(site)}; select.dispatchEvent(new Event('change')); })()`);
    await browser.waitFor(`[...document.querySelectorAll('#idleHistory rect.hover title')].some((title) => title.textContent.startsWith(${lastTitle}))`);

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

    // Monte Carlo: two per-day charts, each a P10–P90 band under its mean and a tooltip per day of the horizon.
    await browser.evaluate(`(() => { const form = document.getElementById('projection'); form.elements.namedItem('method').value = 'monte_carlo';
      form.elements.namedItem('method').dispatchEvent(new Event('change')); form.elements.namedItem('runs').value = '100';
      form.elements.namedItem('horizonDays').value = '30'; form.querySelector('button.primary').click(); })()`);
    await browser.waitFor(`document.querySelectorAll('#projectionResult .chart svg').length === 2`);
    const charts = await browser.evaluate<Array<{ bands: number; days: number }>>(`[...document.querySelectorAll('#projectionResult .chart svg')]
      .map((svg) => ({ bands: svg.querySelectorAll('path.band').length, days: svg.querySelectorAll('rect.hover').length }))`);
    expect(charts).toEqual([{ bands: 1, days: 30 }, { bands: 1, days: 30 }]);
    expect(browser.exceptions).toEqual([]);
  });
});
