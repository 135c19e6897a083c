/**
 * The mine managers' page: one static HTML document with inline script, no build step. The API key is
 * kept in localStorage; the live counts come from GET /fleet/idle/stream read with fetch (EventSource
 * cannot send an Authorization header).
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fleet uptime</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0 12px 0 0; }
  main { padding: 16px 20px; display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
  section { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eee; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  .big { font-size: 28px; font-weight: 600; }
  .muted { color: #6b7280; }
  .status { font-size: 12px; }
  input, select, button { font: inherit; padding: 4px 6px; }
  form label { display: inline-block; margin: 4px 8px 4px 0; }
  pre { background: #f3f4f6; padding: 8px; overflow: auto; max-height: 300px; }
</style>
</head>
<body>
<header>
  <h1>Fleet uptime</h1>
  <label>API key <input id="key" type="password" size="40" placeholder="Bearer key"></label>
  <button id="save">Connect</button>
  <span id="status" class="status muted">not connected</span>
</header>
<main>
  <section>
    <h2>Idle now</h2>
    <div><span class="big" id="total">–</span> idle machines of <span id="machines">–</span></div>
    <div class="muted">Lost hashrate: <span id="lost">–</span> TH/s · degraded: <span id="degraded">–</span></div>
    <h2 style="margin-top:12px">By reason</h2>
    <table id="byReason"></table>
  </section>
  <section><h2>By site</h2><table id="bySite"></table></section>
  <section><h2>By model</h2><table id="byModel"></table></section>
  <section><h2>Active customs holds</h2><table id="holds"></table></section>
  <section>
    <h2>Uptime projection</h2>
    <form id="projection">
      <label>Horizon (days) <input name="horizonDays" type="number" value="90" min="1" max="730"></label>
      <label>Method <select name="method"><option>analytic</option><option>monte_carlo</option></select></label>
      <label>Scenario <select name="scenario"><option value="">none</option><option>baseline</option><option>regulatory</option><option>sanctions</option></select></label>
      <label>Runs <input name="runs" type="number" value="500" min="1"></label>
      <label>Seed <input name="seed" type="number" value="7"></label>
      <button>Project</button>
    </form>
    <pre id="projectionResult" class="muted">–</pre>
  </section>
</main>
<script>
(function () {
  var keyInput = document.getElementById('key');
  var statusEl = document.getElementById('status');
  keyInput.value = localStorage.getItem('fleetApiKey') || '';
  var controller = null;

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function table(id, header, rows) {
    var html = '<tr>' + header.map(function (h, i) { return '<th' + (i ? ' class="n"' : '') + '>' + esc(h) + '</th>'; }).join('') + '</tr>';
    html += rows.map(function (r) { return '<tr>' + r.map(function (v, i) { return '<td' + (i ? ' class="n"' : '') + '>' + esc(v) + '</td>'; }).join('') + '</tr>'; }).join('');
    document.getElementById(id).innerHTML = html;
  }
  function headers() { return { authorization: 'Bearer ' + keyInput.value }; }

  function render(idle) {
    document.getElementById('total').textContent = idle.total;
    document.getElementById('machines').textContent = idle.machines;
    document.getElementById('lost').textContent = idle.lostHashrateThs.toLocaleString();
    document.getElementById('degraded').textContent = idle.degraded.count + ' (' + idle.degraded.lostHashrateThs.toLocaleString() + ' TH/s)';
    table('byReason', ['reason', 'idle'], idle.byReason.map(function (r) { return [r.reason, r.idle]; }));
    table('bySite', ['site', 'idle', 'machines', 'degraded'], idle.bySite.map(function (s) { return [s.siteCode, s.idle, s.machines, s.degraded]; }));
    table('byModel', ['model', 'idle', 'machines', 'degraded'], idle.byModel.map(function (m) { return [m.model, m.idle, m.machines, m.degraded]; }));
    loadHolds();
  }

  function loadHolds() {
    fetch('/fleet/holds', { headers: headers() }).then(function (r) { return r.ok ? r.json() : []; }).then(function (holds) {
      table('holds', ['reference', 'to', 'reason', 'days', 'tickets'], holds.map(function (h) {
        return [h.reference, h.destinationCode, h.reason, h.daysHeld, h.ticketsWaiting];
      }));
    }).catch(function () {});
  }

  async function connect() {
    if (controller) controller.abort();
    controller = new AbortController();
    localStorage.setItem('fleetApiKey', keyInput.value);
    statusEl.textContent = 'connecting…';
    try {
      var response = await fetch('/fleet/idle/stream', { headers: headers(), signal: controller.signal });
      if (!response.ok) { statusEl.textContent = 'error ' + response.status + (response.status === 401 ? ': check the key' : ''); return; }
      statusEl.textContent = 'live';
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        var parts = buffer.split('\\n\\n');
        buffer = parts.pop();
        parts.forEach(function (message) {
          var data = message.split('\\n').filter(function (l) { return l.indexOf('data:') === 0; }).map(function (l) { return l.slice(5).trim(); }).join('\\n');
          if (data) render(JSON.parse(data));
        });
      }
      statusEl.textContent = 'disconnected; retrying';
    } catch (error) {
      if (error.name === 'AbortError') return;
      statusEl.textContent = 'disconnected; retrying';
    }
    setTimeout(connect, 3000);
  }

  document.getElementById('save').addEventListener('click', connect);
  document.getElementById('projection').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = new FormData(event.target);
    var body = { horizonDays: Number(form.get('horizonDays')), method: form.get('method') };
    if (form.get('scenario')) body.scenario = form.get('scenario');
    if (body.method === 'monte_carlo') { body.runs = Number(form.get('runs')); body.seed = Number(form.get('seed')); }
    var out = document.getElementById('projectionResult');
    out.textContent = 'projecting…';
    fetch('/projections/uptime', { method: 'POST', headers: Object.assign({ 'content-type': 'application/json' }, headers()), body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
      .then(function (r) {
        if (r.status === 404) { out.textContent = 'Projections are not available on this server yet.'; return; }
        var shown = Object.assign({}, r.body);
        if (Array.isArray(shown.daily) && shown.daily.length > 10) shown.daily = shown.daily.slice(0, 10).concat(['… ' + (r.body.daily.length - 10) + ' more days']);
        out.textContent = JSON.stringify(shown, null, 2);
      })
      .catch(function (error) { out.textContent = String(error); });
  });
  if (keyInput.value) connect();
})();
</script>
</body>
</html>
`;
