/**
 * The dashboard's browser script (plain DOM, inline SVG, no libraries). Kept as a raw string: it must not
 * contain backticks or dollar-brace sequences, so it builds text by concatenation.
 */
export const DASHBOARD_SCRIPT = String.raw`
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const field = (formId, name) => $(formId).elements.namedItem(name);
  const keyInput = $('key');
  const statusEl = $('status');
  const COMPARED_SCENARIOS = ['baseline', 'regulatory', 'sanctions'];
  let scenarios = [];
  keyInput.value = localStorage.getItem('fleetApiKey') || '';

  /* ---------- formatting ---------- */
  const num = (value, digits) => Number(value).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 1 : digits });
  const money = (digits) => (value) => (value < 0 ? '−$' : '$') + Math.abs(Number(value)).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const usd = money(2);
  const usd0 = money(0);
  const signed = (format) => (value) => (value > 0 ? '+' : '') + format(value);
  const pctPoints = (value) => (Number(value) * 100).toFixed(2) + ' pp';
  const pct = (value) => (Number(value) * 100).toFixed(2) + '%';
  const share = (part, whole) => whole ? (part / whole * 100).toFixed(1) + '%' : '–';
  const words = (code) => String(code).replace(/_/g, ' ');
  const esc = (value) => String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const isoDay = (date) => date.toISOString().slice(0, 10);
  const shortDate = (iso) => new Date(iso + 'T00:00:00Z').toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  /** Day 1 of a projection is the first day after today (UTC). */
  function projectionDate(day) {
    const date = new Date();
    date.setUTCDate(date.getUTCDate() + day);
    return isoDay(date);
  }
  function firstOfNextMonth() {
    const now = new Date();
    return isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
  }
  const formatValue = (value) => Array.isArray(value) ? (value.length ? value.join(', ') : '–') : typeof value === 'number' ? num(value, 6) : String(value);

  /* ---------- DOM helpers ---------- */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) if (value !== null && value !== undefined) node.setAttribute(name, value);
    node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined).map((child) => child instanceof Node ? child : String(child)));
    return node;
  }
  const show = (target, ...children) => target.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined));
  const text = (label) => ({ label });
  const number = (label) => ({ label, numeric: true });
  const long = (label) => ({ label, wrap: true });
  const cellClass = (column) => column.numeric ? 'n' : column.wrap ? 'wrap' : null;
  function table(columns, rows, totalRow) {
    const row = (cells, attrs) => el('tr', attrs, cells.map((cell, i) => el('td', { class: cellClass(columns[i]) }, cell)));
    return el('div', { class: 'scroll' }, el('table', null,
      el('thead', null, el('tr', null, columns.map((column) => el('th', { class: column.numeric ? 'n' : null }, column.label)))),
      el('tbody', null, rows.map((cells) => row(cells))),
      totalRow ? el('tfoot', null, row(totalRow, { class: 'total' })) : null));
  }
  const stat = (label, value, tone) => el('div', { class: 'stat' + (tone ? ' ' + tone : '') }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
  const narrow = (node) => el('div', { class: 'narrow' }, node);
  const note = (...children) => el('p', { class: 'note' }, children);
  const badge = (label, tone) => el('span', { class: 'badge' + (tone ? ' ' + tone : '') }, label);

  /* ---------- API ---------- */
  class ApiError extends Error {
    constructor(status, body) {
      const messages = body && body.message ? [].concat(body.message) : ['HTTP ' + status];
      super(messages.join('; '));
      this.status = status;
      this.messages = messages;
    }
  }
  async function api(method, path, body) {
    const headers = { authorization: 'Bearer ' + keyInput.value };
    if (body) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  const ERROR_HINTS = { 401: ' (check the API key)', 403: ' (this key may not do this)' };
  function errorBox(error) {
    const title = error.status ? 'Error ' + error.status + (ERROR_HINTS[error.status] || '') : 'Error';
    const messages = error.messages || [String(error.message || error)];
    return el('div', { class: 'error', role: 'alert' }, el('strong', null, title), el('ul', null, messages.map((m) => el('li', null, m))));
  }
  /** Runs one request for a panel: the button waits, the result (or the error) replaces the panel's output. */
  async function run(button, target, task) {
    button.disabled = true;
    show(target, el('p', { class: 'muted' }, 'working…'));
    try {
      show(target, await task());
    } catch (error) {
      show(target, errorBox(error));
    } finally {
      button.disabled = false;
    }
  }

  /* ---------- live idle counts ---------- */
  let lastTotal = null;
  function renderIdle(idle) {
    const total = $('total');
    if (lastTotal !== null && idle.total !== lastTotal) {
      const diff = idle.total - lastTotal;
      $('delta').textContent = (diff > 0 ? '▲ +' : '▼ ') + diff + ' at ' + new Date().toLocaleTimeString();
      total.classList.add('changed');
      setTimeout(() => total.classList.remove('changed'), 1500);
    }
    lastTotal = idle.total;
    total.textContent = num(idle.total, 0);
    $('machines').textContent = num(idle.machines, 0);
    $('lost').textContent = num(idle.lostHashrateThs);
    $('degraded').textContent = idle.degraded.count + ' (' + num(idle.degraded.lostHashrateThs) + ' TH/s)';
    $('asOf').textContent = 'as of ' + new Date(idle.asOf).toLocaleTimeString();
    show($('byReason'), table([text('reason'), number('idle'), number('lost TH/s')],
      idle.byReason.map((r) => [words(r.reason), r.idle, num(r.lostHashrateThs)])));
    show($('bySite'), table([text('site'), number('idle'), number('machines'), number('idle %'), number('degraded')],
      idle.bySite.map((s) => [s.siteCode, s.idle, num(s.machines, 0), share(s.idle, s.machines), s.degraded])));
    show($('byModel'), table([text('model'), number('idle'), number('machines'), number('idle %'), number('degraded')],
      idle.byModel.map((m) => [m.model, m.idle, num(m.machines, 0), share(m.idle, m.machines), m.degraded])));
    historySites(idle.bySite.map((s) => s.siteCode));
    scheduleHolds();
  }

  function readEvents(buffer, onData) {
    const messages = buffer.split('\n\n');
    for (const message of messages.slice(0, -1)) {
      const data = message.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
      if (data) onData(JSON.parse(data));
    }
    return messages[messages.length - 1];
  }

  let stream = null;
  async function connect() {
    if (stream) stream.abort();
    stream = new AbortController();
    statusEl.className = 'status muted';
    statusEl.textContent = 'connecting…';
    try {
      const response = await fetch('/fleet/idle/stream', { headers: { authorization: 'Bearer ' + keyInput.value }, signal: stream.signal });
      if (!response.ok) {
        statusEl.textContent = 'error ' + response.status + (ERROR_HINTS[response.status] || '');
        return;
      }
      statusEl.className = 'status live';
      statusEl.textContent = 'live';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer = readEvents(buffer + decoder.decode(chunk.value, { stream: true }), renderIdle);
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
    }
    statusEl.className = 'status muted';
    statusEl.textContent = 'disconnected; retrying';
    setTimeout(connect, 3000);
  }

  /* ---------- holds to chase first ---------- */
  let holdsTimer = null;
  function scheduleHolds() {
    if (!holdsTimer) holdsTimer = setTimeout(() => { holdsTimer = null; loadHolds(); }, 1000);
  }
  const rankHolds = (holds) => holds.slice().sort((a, b) =>
    b.usdPerDayStranded - a.usdPerDayStranded || b.daysHeld - a.daysHeld || b.ticketsAffected.length - a.ticketsAffected.length);
  const heldParts = (hold) => hold.lines.map((line) => line.sku + ' × ' + line.heldQuantity + (line.waitingMachines ? ' (' + line.waitingMachines + (line.waitingMachines === 1 ? ' machine waits)' : ' machines wait)') : '')).join(', ');
  function holdsTable(holds, references) {
    if (!holds.length) return el('p', { class: 'muted' }, 'No active customs holds.');
    return table(
      [number('#'), text('shipment'), text('to'), text('reason'), number('days held'), number('tickets waiting'), number('machines it frees'), number('lost TH/s'), number('USD/day stranded'), long('held parts')],
      rankHolds(holds).map((hold, i) => [i + 1, references.get(hold.holdId) || hold.shipmentId, hold.destinationCode, words(hold.reason || 'unknown'),
        hold.daysHeld, hold.ticketsAffected.length, hold.machinesUnblocked, num(hold.lostHashrateThs), usd(hold.usdPerDayStranded), heldParts(hold)]));
  }
  async function loadHolds() {
    try {
      const [ranked, active] = await Promise.all([api('GET', '/insights/holds?limit=500'), api('GET', '/fleet/holds')]);
      show($('holds'), holdsTable(ranked.items, new Map(active.map((hold) => [hold.holdId, hold.reference]))));
    } catch (error) {
      show($('holds'), errorBox(error));
    }
  }

  /* ---------- fleet imports ---------- */
  function importProgress(item) {
    if (item.percent === null) return el('span', { class: 'muted' }, item.state === 'running' ? 'size unknown' : '–');
    return el('span', {}, el('progress', { max: '100', value: String(item.percent) }), ' ' + item.percent + '%');
  }
  function importsTable(items) {
    if (!items.length) return el('p', { class: 'muted' }, 'No machine imports yet.');
    return table(
      [text('started'), text('by'), text('state'), text('progress'), number('rows read'), number('created'), number('updated'), number('unchanged'), number('rejected')],
      items.map((item) => [new Date(item.startedAt).toLocaleString(), item.startedBy, words(item.state), importProgress(item),
        item.rowsRead, item.created, item.updated, item.unchanged, item.rejected]));
  }
  let importsTimer = null;
  async function loadImports() {
    clearTimeout(importsTimer);
    let running = false;
    try {
      const page = await api('GET', '/imports?kind=machines&limit=5');
      running = page.items.some((item) => item.state === 'running');
      show($('imports'), importsTable(page.items));
    } catch (error) {
      show($('imports'), errorBox(error));
    }
    importsTimer = setTimeout(loadImports, running ? 2000 : 30000);
  }

  /* ---------- repair-center scorecards ---------- */
  const days = (value) => value === null ? '–' : num(value, 1);
  const rate = (value) => value === null ? '–' : (Number(value) * 100).toFixed(1) + '%';
  function scorecardsTable(groups) {
    if (!groups.length) return el('p', { class: 'muted' }, 'No tickets opened in these 90 days.');
    return table(
      [text('center'), text('component'), text('fault code'), number('opened'), number('closed'), number('turnaround median d'), number('P90 d'),
        number('waiting for parts'), number('scrapped'), number('no fault found'), number('back within 30 d')],
      groups.map((group) => [group.repairCenterCode, words(group.component), group.faultCode || '–', group.opened, group.closed,
        days(group.turnaroundDays.median), days(group.turnaroundDays.p90), rate(group.awaitingPartsShare), rate(group.scrapRate),
        rate(group.noFaultFoundRate), rate(group.reFailureRate)]));
  }
  let scorecardsTimer = null;
  async function loadScorecards() {
    clearTimeout(scorecardsTimer);
    try {
      const report = await api('GET', '/reports/turnaround');
      // The report's end is exclusive: its last day is the one before.
      $('scorecardsWindow').textContent = shortDate(report.from) + ' – ' + shortDate(isoDay(new Date(Date.parse(report.to + 'T00:00:00Z') - 86400000)));
      show($('scorecards'), scorecardsTable(report.groups));
    } catch (error) {
      show($('scorecards'), errorBox(error));
    }
    scorecardsTimer = setTimeout(loadScorecards, 300000);
  }

  /* ---------- idle machines, day by day ---------- */
  const HISTORY_REASONS = [
    ['awaiting_diagnosis', '#94a3b8'], ['in_repair', '#3b82f6'], ['awaiting_parts', '#f97316'], ['in_transit', '#22c55e'],
  ];
  /** Idle machines per day stacked by reason, the degraded ones as a dashed line, one hover tooltip per day. */
  function historyChart(days) {
    const top = niceCeiling(Math.max(1, ...days.map((d) => Math.max(d.idleMachines, d.degradedMachines))));
    const frame = dayFrame(1080, days.map((d) => d.date), top);
    let below = days.map(() => 0);
    for (const [reason, color] of HISTORY_REASONS) {
      const above = days.map((d, i) => below[i] + d.byReason[reason]);
      frame.parts.push('<path fill="' + color + '" opacity=".8" d="M' + frame.points(above).join('L') + 'L' + frame.points(below).reverse().join('L') + 'Z"/>');
      below = above;
    }
    frame.parts.push('<polyline class="mean" stroke-dasharray="5 3" points="' + frame.points(days.map((d) => d.degradedMachines)).join(' ') + '"/>');
    frame.grid((v) => num(v), 10);
    days.forEach((d, i) => frame.hover(i, d.date + (i === days.length - 1 ? ' (today so far)' : '') + ': ' + num(d.idleMachines) + ' idle (' +
      HISTORY_REASONS.map(([reason]) => words(reason) + ' ' + num(d.byReason[reason])).join(', ') + '), ' + num(d.degradedMachines) + ' degraded, ' +
      num(d.lostHashrateThs) + ' TH/s lost; tickets opened ' + d.ticketsOpened + ', closed ' + d.ticketsClosed));
    return [frame.box('Idle machines per day'), el('div', { class: 'legend' }, HISTORY_REASONS.map(([reason, color]) => [el('i', { style: 'background:' + color }), words(reason)]),
      el('i', { style: 'border-top:2px dashed #1d4ed8;height:0' }), 'degraded (running on part of their hashrate)')];
  }
  /** The sites the history can be narrowed to: those of the live counts, the chosen one kept. */
  function historySites(sites) {
    const select = $('historySite');
    const known = [...select.options].map((option) => option.value).filter(Boolean);
    if (sites.every((site) => known.includes(site))) return;
    const chosen = select.value;
    show(select, el('option', { value: '' }, 'all sites'), [...new Set([...known, ...sites])].sort().map((site) => el('option', { value: site }, site)));
    select.value = chosen;
  }
  const historyPath = (format) => {
    const site = $('historySite').value;
    const query = [site ? 'siteCode=' + encodeURIComponent(site) : null, format ? 'format=' + format : null].filter(Boolean).join('&');
    return '/reports/idle-history' + (query ? '?' + query : '');
  };
  /** CSV through fetch, as a link cannot send the API key. */
  async function downloadHistory(button) {
    button.disabled = true;
    try {
      const response = await fetch(historyPath('csv'), { headers: { authorization: 'Bearer ' + keyInput.value } });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const link = el('a', { href: URL.createObjectURL(await response.blob()), download: 'idle-history' + ($('historySite').value ? '-' + $('historySite').value : '') + '.csv' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      show($('idleHistory'), errorBox(error));
    } finally {
      button.disabled = false;
    }
  }
  let historyTimer = null;
  async function loadHistory() {
    clearTimeout(historyTimer);
    try {
      const report = await api('GET', historyPath());
      const days = report.days;
      const mean = (key) => days.reduce((sum, d) => sum + d[key], 0) / Math.max(1, days.length);
      show($('idleHistory'), days.length ? [
        note('Over these ' + days.length + ' days: ' + num(mean('idleMachines')) + ' machines idle on average, ' + num(mean('lostHashrateThs')) + ' TH/s lost; ' +
          days.reduce((sum, d) => sum + d.ticketsOpened, 0) + ' tickets opened, ' + days.reduce((sum, d) => sum + d.ticketsClosed, 0) + ' closed.'),
        historyChart(days),
      ] : el('p', { class: 'muted' }, 'No days in this window.'));
    } catch (error) {
      show($('idleHistory'), errorBox(error));
    }
    historyTimer = setTimeout(loadHistory, 300000);
  }

  /* ---------- scenarios ---------- */
  function describeScenario(select) {
    const target = select.form.parentElement.querySelector('[data-scenario-description]');
    const scenario = scenarios.find((s) => s.name === select.value);
    if (!scenario) {
      target.textContent = 'No scenario: live data and documented defaults only; no extra holds or lead time.';
      return;
    }
    const cuts = scenario.cutOffMakers.concat(scenario.cutOffOrigins);
    target.textContent = scenario.description + ' Holds: ' + (scenario.holdProbability * 100).toFixed(0) + '% of shipments × ' + scenario.meanHoldDays +
      ' days; +' + scenario.extraLeadTimeDays + ' days lead time' + (cuts.length ? '; cuts ' + cuts.join(', ') : '') +
      (scenario.secondSupplierShare ? '; a second supplier covers ' + (scenario.secondSupplierShare * 100).toFixed(0) + '% in ' + scenario.secondSupplierTurnaroundDays + ' days' : '') +
      '. Starts ' + (scenario.startDate || 'today') + ' unless a start date is set.';
  }
  async function loadScenarios() {
    try {
      scenarios = (await api('GET', '/scenarios?limit=500')).items;
    } catch (error) {
      scenarios = [];
    }
    for (const select of document.querySelectorAll('select[data-scenarios]')) {
      const current = select.value;
      select.replaceChildren(el('option', { value: '' }, 'none (live data)'), ...scenarios.map((s) => el('option', { value: s.name, title: s.description }, s.name)));
      select.value = scenarios.some((s) => s.name === current) ? current : '';
      describeScenario(select);
    }
  }

  /** The inputs the projection and the spares plan share: scenario, its start and optional prices. */
  function problem(form) {
    const data = new FormData(form);
    const body = {};
    for (const name of ['scenario', 'scenarioStart']) if (data.get(name)) body[name] = data.get(name);
    for (const name of ['hashpriceUsdPerThDay', 'powerPriceUsdPerKwh', 'hostingFeeUsdPerMachineDay']) if (data.get(name)) body[name] = Number(data.get(name));
    return body;
  }
  const parameter = (result, name) => (result.parameters.find((p) => p.name === name) || {}).value;

  /* ---------- projection ---------- */
  function projectionRequest(form) {
    const data = new FormData(form);
    const body = Object.assign({ method: data.get('method'), horizonDays: Number(data.get('horizonDays')) }, problem(form));
    if (body.method === 'monte_carlo') {
      body.runs = Number(data.get('runs'));
      body.seed = Number(data.get('seed'));
    }
    return body;
  }

  function headline(s) {
    return el('div', { class: 'stats' },
      stat('expected idle machines (waiting for a part)', num(s.expectedIdleMachines), 'bad'),
      stat('fleet availability', pct(s.availability)),
      stat('lost hashrate', num(s.lostHashrateThs) + ' TH/s'),
      stat('lost revenue per day', usd(s.lostRevenueUsdPerDay), 'bad'),
      s.powerCostAvoidedUsdPerDay === undefined ? null : stat('power not bought per day', usd(s.powerCostAvoidedUsdPerDay), 'good'),
      s.netLossUsdPerDay === undefined ? null : stat('net loss per day (revenue − power saved)', usd(s.netLossUsdPerDay), 'bad'),
      s.idleHostingUsdPerDay === undefined ? null : stat('hosting paid for idle machines per day', usd(s.idleHostingUsdPerDay), 'bad'));
  }

  /** The total row is the projection's own totals, the headline's figures (a sum of rounded rows can be a cent off). */
  function componentTable(steadyState) {
    return table(
      [text('component'), number('in the pipeline (mean)'), number('spares'), number('expected backorders'), number('lost TH/s'), number('lost USD/day')],
      steadyState.byComponent.map((c) => [words(c.component), num(c.pipelineMean, 2), num(c.spares, 0), num(c.expectedBackorders, 2), num(c.lostHashrateThs), usd(c.lostRevenueUsdPerDay)]),
      ['total', '', '', num(steadyState.expectedIdleMachines, 2), num(steadyState.lostHashrateThs), usd(steadyState.lostRevenueUsdPerDay)]);
  }

  /** Where the idle machines will be: one row per repair center (a fleet-wide pool has none). */
  function centerTable(centers) {
    return table(
      [text('repair center'), number('expected idle machines'), number('lost TH/s'), number('lost USD/day')],
      centers.map((c) => [c.center === null ? 'fleet-wide' : c.center, num(c.expectedIdleMachines, 2), num(c.lostHashrateThs), usd(c.lostRevenueUsdPerDay)]));
  }

  function niceCeiling(value) {
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    return [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= value);
  }

  /** The frame of a per-day chart as wide as width, over values up to top: scales, the value grid and date labels, a hover area per day, the SVG. */
  function dayFrame(width, dates, top) {
    const W = width, H = 220, L = 60, R = 12, T = 14, B = 28;
    const step = (W - L - R) / Math.max(1, dates.length - 1);
    const x = (i) => L + i * step;
    const y = (v) => H - B - (v / top) * (H - T - B);
    const parts = [];
    return {
      parts, x, top: T, bottom: H - B,
      points: (values) => values.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1)),
      grid(format, maxLabels) {
        for (const f of [0, 0.5, 1]) {
          parts.push('<line class="axis" x1="' + L + '" x2="' + (W - R) + '" y1="' + y(top * f) + '" y2="' + y(top * f) + '"/>');
          parts.push('<text x="' + (L - 6) + '" y="' + y(top * f) + '" text-anchor="end" dominant-baseline="middle">' + esc(format(top * f)) + '</text>');
        }
        const every = Math.max(1, Math.ceil(dates.length / maxLabels));
        for (let i = 0; i < dates.length; i += every) {
          parts.push('<text x="' + x(i) + '" y="' + (H - 10) + '" text-anchor="middle">' + shortDate(dates[i]) + '</text>');
        }
      },
      hover(i, title) {
        parts.push('<rect class="hover" x="' + (x(i) - step / 2) + '" y="' + T + '" width="' + step + '" height="' + (H - T - B) + '"><title>' + esc(title) + '</title></rect>');
      },
      box(title, caption) {
        const box = el('div', { class: 'chart' }, caption ? el('div', { class: 'note' }, caption) : null);
        box.insertAdjacentHTML('beforeend', '<svg viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-label="' + esc(title) + '">' + parts.join('') + '</svg>');
        return box;
      },
    };
  }

  /** A per-day chart: the mean as a line over the P10–P90 band, one hover tooltip per day, a marker where the scenario starts. */
  function bandChart(title, daily, prefix, format, scenarioDay) {
    const series = (key) => daily.map((d) => d[prefix + key]);
    const low = series('P10'), high = series('P90'), mean = series('Mean');
    const frame = dayFrame(540, daily.map((d) => d.date), niceCeiling(Math.max(1e-9, ...high, ...mean)));
    frame.parts.push(
      '<path class="band" d="M' + frame.points(high).join('L') + 'L' + frame.points(low).reverse().join('L') + 'Z"/>',
      '<polyline class="mean" points="' + frame.points(mean).join(' ') + '"/>',
    );
    frame.grid(format, 6);
    if (scenarioDay >= 1 && scenarioDay <= daily.length) {
      const at = frame.x(scenarioDay - 1);
      frame.parts.push('<line class="marker" x1="' + at + '" x2="' + at + '" y1="' + frame.top + '" y2="' + frame.bottom + '"/>');
      frame.parts.push('<text x="' + (at + 4) + '" y="' + (frame.top + 10) + '">scenario starts</text>');
    }
    daily.forEach((d, i) => frame.hover(i, d.date + ' (day ' + d.day + '): mean ' + format(mean[i]) + ', P10 ' + format(low[i]) + ', P90 ' + format(high[i])));
    return frame.box(title, title);
  }

  function totalsTable(totals, horizonDays) {
    const row = (label, spread, format) => [label, format(spread.mean), format(spread.p10), format(spread.p50), format(spread.p90)];
    return table([text('over ' + horizonDays + ' days'), number('mean'), number('P10'), number('P50'), number('P90')], [
      row('idle machine-days', totals.idleMachineDays, (v) => num(v, 0)),
      row('lost TH/s-days', totals.lostThDays, (v) => num(v, 0)),
      row('lost revenue', totals.lostUsd, usd0),
    ]);
  }

  function monteCarloPart(result, scenarioDay) {
    return [
      el('h3', null, 'Day by day: Monte Carlo, ' + num(result.runs, 0) + ' runs, seed ' + result.seed),
      el('div', { class: 'charts' },
        bandChart('Idle machines per day (waiting for a part)', result.daily, 'idle', (v) => num(v), scenarioDay),
        bandChart('Lost revenue per day (USD)', result.daily, 'lostUsd', usd0, scenarioDay)),
      el('div', { class: 'legend' }, el('i', { style: 'background:#1d4ed8;height:2px' }), 'mean', el('i', { style: 'background:#93c5fd' }), 'P10–P90 (8 in 10 runs fall inside)',
        el('i', { style: 'border-top:2px dashed #dc2626;height:0' }), 'scenario starts; hover a day for its figures'),
      el('h3', null, 'Totals over the horizon'),
      narrow(totalsTable(result.totals, result.horizonDays)),
    ];
  }

  function parametersDetails(parameters) {
    return el('details', null, el('summary', null, 'Inputs used (' + parameters.length + ') and where each came from'),
      table([text('input'), long('value'), text('source')], parameters.map((p) => [p.name, formatValue(p.value), badge(p.source)])));
  }

  function projectionTitle(result, request) {
    const scenarioDay = parameter(result, 'scenario.startDay');
    const scenario = request.scenario ? request.scenario + ' scenario' + (scenarioDay > 0 ? ' from ' + shortDate(projectionDate(scenarioDay)) : ' from today') : 'live data, no scenario';
    const basis = result.steadyState.basis === 'horizon_end' ? 'expected state on ' + shortDate(projectionDate(result.horizonDays)) + ' (day ' + result.horizonDays + ')' : 'steady state';
    return el('h3', null, 'Projected: ' + scenario + ' · ' + basis);
  }

  function renderProjection(result, request) {
    const s = result.steadyState;
    return [
      projectionTitle(result, request),
      headline(s),
      note(badge('projected idle'), ' = machines waiting for a part (METRIC expected backorders: failures beyond the spares on the shelf). Machines under repair with the part at hand are not counted, so this is not “Idle now” above.'),
      s.basis === 'horizon_end' ? note(badge('supply cut', 'warn'), ' The scenario cuts a part’s supply so failures do not come back within the horizon: the figures are the expected state on the last day, not a steady state.') : null,
      el('h3', null, 'By component'),
      componentTable(s),
      s.byCenter.some((c) => c.center !== null) ? el('h3', null, 'By repair center') : null,
      s.byCenter.some((c) => c.center !== null) ? centerTable(s.byCenter) : null,
      result.daily.length ? monteCarloPart(result, parameter(result, 'scenario.startDay')) : null,
      parametersDetails(result.parameters),
    ];
  }

  /* ---------- scenario comparison ---------- */
  function comparisonTable(results, request) {
    const column = (key, format) => results.map((r) => r.steadyState[key] === undefined ? '–' : format(r.steadyState[key]));
    const baseline = results[0].steadyState.lostRevenueUsdPerDay;
    const rows = [
      ['expected idle machines'].concat(column('expectedIdleMachines', (v) => num(v))),
      ['availability'].concat(column('availability', pct)),
      ['lost hashrate TH/s'].concat(column('lostHashrateThs', (v) => num(v))),
      ['lost revenue USD/day'].concat(column('lostRevenueUsdPerDay', usd)),
      ['extra vs ' + COMPARED_SCENARIOS[0] + ' USD/day'].concat(column('lostRevenueUsdPerDay', (v) => signed(usd)(v - baseline))),
      ['basis'].concat(column('basis', words)),
    ];
    if (results.some((r) => r.steadyState.netLossUsdPerDay !== undefined)) rows.splice(4, 0, ['net loss USD/day'].concat(column('netLossUsdPerDay', usd)));
    return [
      el('h3', null, 'Scenarios side by side: analytic, ' + request.horizonDays + ' days, ' + (request.scenarioStart ? 'starting ' + request.scenarioStart : 'each from its own start date')),
      narrow(table([text('')].concat(COMPARED_SCENARIOS.map(number)), rows)),
    ];
  }
  function compareScenarios(button) {
    const form = $('projection');
    if (!form.reportValidity()) return;
    const request = Object.assign(problem(form), { method: 'analytic', horizonDays: Number(new FormData(form).get('horizonDays')) });
    run(button, $('comparison'), async () => comparisonTable(
      await Promise.all(COMPARED_SCENARIOS.map((scenario) => api('POST', '/projections/uptime', Object.assign({}, request, { scenario })))), request));
  }

  /* ---------- spares plan ---------- */
  function sparesRequest(form) {
    const data = new FormData(form);
    const body = problem(form);
    if (data.get('horizonDays')) body.horizonDays = Number(data.get('horizonDays'));
    const amount = Number(data.get('amount'));
    if (data.get('goal') === 'budgetUsd') body.budgetUsd = amount.toFixed(2);
    else body.targetAvailability = Number((amount / 100).toFixed(6));
    return body;
  }

  const stockAt = (a) => a.byLocation.length ? a.byLocation.map((l) => l.locationCode + ' ' + l.addedSpares).join(', ') : a.center || 'any center (no ticket history)';
  function allocationTable(plan) {
    const bought = plan.allocation.filter((a) => a.addedSpares > 0).sort((a, b) => Number(b.costUsd) - Number(a.costUsd));
    if (!bought.length) return el('p', { class: 'muted' }, 'Nothing to buy: the stock on hand already meets the goal, or the budget buys no useful spare.');
    return table(
      [text('component'), text('maker'), number('buy'), number('stock after'), number('unit cost'), number('cost'), number('backorders after'), long('stock it at')],
      bought.map((a) => [words(a.component), a.maker || 'any', a.addedSpares, a.spares, usd(a.unitCostUsd), usd(a.costUsd), num(a.expectedBackorders, 3), stockAt(a)]),
      ['total', '', bought.reduce((n, a) => n + a.addedSpares, 0), '', '', usd(plan.totalCostUsd), '', '']);
  }

  function renderSparesPlan(plan) {
    const before = plan.before, after = plan.after;
    const saved = before.lostRevenueUsdPerDay - after.lostRevenueUsdPerDay;
    const change = (b, a, format, delta) => [format(b), format(a), signed(delta || format)(a - b)];
    return [
      el('div', { class: 'stats' },
        stat('spend', usd(plan.totalCostUsd)),
        stat('lost revenue bought back per day', usd(saved), 'good'),
        saved > 0 ? stat('pays for itself in', num(Math.ceil(Number(plan.totalCostUsd) / saved), 0) + ' days') : null,
        stat('availability after (was ' + pct(before.availability) + ')', pct(after.availability), 'good')),
      plan.goalMet ? null : el('div', { class: 'error' }, 'The target availability is out of reach with these inputs; this is the best plan found.'),
      el('h3', null, 'Before and after'),
      narrow(table([text(''), number('before'), number('after'), number('change')], [
        ['expected idle machines'].concat(change(before.expectedIdleMachines, after.expectedIdleMachines, (v) => num(v, 2))),
        ['availability'].concat(change(before.availability, after.availability, pct, pctPoints)),
        ['lost hashrate TH/s'].concat(change(before.lostHashrateThs, after.lostHashrateThs, (v) => num(v))),
        ['lost revenue USD/day'].concat(change(before.lostRevenueUsdPerDay, after.lostRevenueUsdPerDay, usd)),
      ])),
      el('h3', null, 'What to stock where'),
      allocationTable(plan),
      parametersDetails(plan.parameters),
    ];
  }

  /* ---------- wiring ---------- */
  function start() {
    localStorage.setItem('fleetApiKey', keyInput.value);
    connect();
    loadScenarios();
    loadHolds();
    loadImports();
    loadScorecards();
    loadHistory();
  }
  $('connect').addEventListener('click', start);
  $('historySite').addEventListener('change', loadHistory);
  $('historyCsv').addEventListener('click', (event) => downloadHistory(event.target));
  keyInput.addEventListener('keydown', (event) => { if (event.key === 'Enter') start(); });
  for (const select of document.querySelectorAll('select[data-scenarios]')) select.addEventListener('change', () => describeScenario(select));
  for (const button of document.querySelectorAll('[data-next-month]')) {
    button.addEventListener('click', () => { button.parentElement.querySelector('input').value = firstOfNextMonth(); });
  }
  field('projection', 'method').addEventListener('change', (event) => { $('monteCarlo').disabled = event.target.value !== 'monte_carlo'; });
  $('projection').addEventListener('submit', (event) => {
    event.preventDefault();
    const request = projectionRequest(event.target);
    run(event.submitter, $('projectionResult'), async () => renderProjection(await api('POST', '/projections/uptime', request), request));
  });
  $('compare').addEventListener('click', (event) => compareScenarios(event.target));
  field('sparesPlan', 'goal').addEventListener('change', (event) => { field('sparesPlan', 'amount').value = event.target.value === 'budgetUsd' ? 25000 : 99.9; });
  $('sparesPlan').addEventListener('submit', (event) => {
    event.preventDefault();
    const request = sparesRequest(event.target);
    run(event.submitter, $('sparesResult'), async () => renderSparesPlan(await api('POST', '/projections/spares-plan', request)));
  });
  if (keyInput.value) start();
})();
`;
