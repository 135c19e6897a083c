import { DASHBOARD_SCRIPT } from './dashboard.script';
import { DASHBOARD_CSS } from './dashboard.styles';

const SCENARIO_HINT = 'Scenarios come from GET /scenarios; none: live data only, nothing added';

/**
 * The mine managers' page: one static HTML document with inline style and script, no build step and no
 * outside resources. The API key is kept in localStorage; the live counts come from GET /fleet/idle/stream
 * read with fetch (EventSource cannot send an Authorization header). Data routes used: GET /fleet/idle/stream,
 * GET /fleet/holds, GET /insights/holds, GET /reports/turnaround, GET /reports/idle-history, GET /imports, GET /scenarios, POST /projections/uptime,
 * POST /projections/spares-plan.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fleet uptime</title>
<link rel="icon" href="data:,">
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header>
  <h1>Fleet uptime</h1>
  <label>API key <input id="key" type="password" size="40" placeholder="Bearer key" autocomplete="off"></label>
  <button id="connect">Connect</button>
  <span id="status" class="status muted">not connected</span>
</header>
<main>
  <section>
    <h2>Idle now <span class="muted status" id="asOf"></span></h2>
    <div><span class="big" id="total">–</span> idle of <span id="machines">–</span> machines <span id="delta" class="muted"></span></div>
    <div class="muted">Lost hashrate <span id="lost">–</span> TH/s · degraded <span id="degraded">–</span></div>
    <h3>By reason</h3>
    <div class="scroll" id="byReason"></div>
  </section>
  <section><h2>By site</h2><div class="scroll" id="bySite"></div></section>
  <section><h2>By model</h2><div class="scroll" id="byModel"></div></section>

  <section class="wide">
    <h2>Idle machines, last 30 days</h2>
    <p class="note">Machines idle each day, averaged over the day and stacked by what their tickets were doing (waiting for parts includes customs holds); today so far on the right. Hover a day for its figures. Refreshed every 5 minutes.</p>
    <div class="actions"><label>Site <select id="historySite"><option value="">all sites</option></select></label>
      <button type="button" id="historyCsv">Download CSV</button></div>
    <div id="idleHistory"><span class="muted">–</span></div>
  </section>

  <section class="wide">
    <h2>Fleet imports</h2>
    <p class="note">Machine uploads (<code>POST /machines/bulk</code>) as their batches commit; refreshed every 2 s while one runs.</p>
    <div class="scroll" id="imports"><span class="muted">–</span></div>
  </section>

  <section class="wide">
    <h2>Customs holds to chase first</h2>
    <p class="note">Ranked by revenue per day the held parts would restore, then days held, then tickets waiting.</p>
    <div class="scroll" id="holds"><span class="muted">–</span></div>
  </section>

  <section class="wide">
    <h2>Repair-center scorecards <span class="muted status" id="scorecardsWindow"></span></h2>
    <p class="note">Tickets opened in the last 90 days by repair center, component and fault code: days from report to return, the share of open time spent waiting for parts, and how repairs ended. Refreshed every 5 minutes.</p>
    <div class="scroll" id="scorecards"><span class="muted">–</span></div>
  </section>

  <section class="wide">
    <h2>What if: uptime projection</h2>
    <form id="projection">
      <label>Horizon (days) <input name="horizonDays" type="number" value="90" min="1" max="730" required></label>
      <label>Method <select name="method"><option value="analytic">analytic (METRIC)</option><option value="monte_carlo">Monte Carlo (per day, bands)</option></select></label>
      <label title="${SCENARIO_HINT}">Scenario <select name="scenario" data-scenarios></select></label>
      <label>Scenario starts <span><input name="scenarioStart" type="date"> <button type="button" class="link" data-next-month>next month</button></span></label>
      <fieldset id="monteCarlo" disabled>
        <label>Runs <input name="runs" type="number" value="1000" min="1"></label>
        <label>Seed <input name="seed" type="number" value="7" min="0"></label>
      </fieldset>
      <label>Hashprice USD/TH/day <input name="hashpriceUsdPerThDay" type="number" step="any" min="0" placeholder="default"></label>
      <label>Power USD/kWh <input name="powerPriceUsdPerKwh" type="number" step="any" min="0" placeholder="optional"></label>
      <label>Hosting USD/machine/day <input name="hostingFeeUsdPerMachineDay" type="number" step="any" min="0" placeholder="optional"></label>
      <div class="actions">
        <button class="primary">Project</button>
        <button type="button" id="compare">Compare baseline / regulatory / sanctions</button>
      </div>
    </form>
    <p class="note muted" data-scenario-description></p>
    <div id="comparison"></div>
    <div id="projectionResult"></div>
  </section>

  <section class="wide">
    <h2>Spares plan: what to buy back the loss</h2>
    <form id="sparesPlan">
      <label>Goal <select name="goal"><option value="budgetUsd">spend a budget (USD)</option><option value="targetAvailability">reach availability (%)</option></select></label>
      <label>Amount <input name="amount" type="number" step="any" min="0" value="25000" required></label>
      <label title="${SCENARIO_HINT}">Scenario <select name="scenario" data-scenarios></select></label>
      <label>Scenario starts <span><input name="scenarioStart" type="date"> <button type="button" class="link" data-next-month>next month</button></span></label>
      <label>Judged over (days) <input name="horizonDays" type="number" value="365" min="1" max="730"></label>
      <div class="actions"><button class="primary">Plan spares</button></div>
    </form>
    <p class="note muted" data-scenario-description></p>
    <div id="sparesResult"></div>
  </section>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
