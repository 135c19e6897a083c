/**
 * From a projection request, an optional scenario and optional live data to the pools METRIC and the
 * simulator take, with every value's source. Plain TypeScript: no Nest, no database.
 *
 * Pools: one per component and repair center, with live data: a center serves the share of the fleet
 * that its share of the component's tickets (trailing window) says, and its spares are the stock on its
 * own shelf. A component with no tickets, or a request that gives the whole problem, has one fleet-wide
 * pool. Within either, one pool per maker when the fleet mixes makers (an S21 PSU does not fit an M50),
 * the spares split between makers in proportion to their machines.
 */
import {
  applyScenario,
  baseRegime,
  ComponentKind,
  type ParameterSource,
  CustomsDelay,
  makerOfModel,
  meanDelayDays,
  ProjectionInputError,
  ResolvedParameter,
  resolveParameters,
  ScenarioDefinition,
  scenarioStartDay,
  SimulationPool,
} from '../projection';
import {
  DEFAULT_ANNUAL_FAILURE_RATE,
  DEFAULT_COMPONENTS,
  DEFAULT_CUSTOMS,
  DEFAULT_HASHPRICE_USD_PER_TH_DAY,
  DEFAULT_TURNAROUND_DAYS,
  DEFAULT_UNIT_COST_USD,
} from './projection-defaults';

export interface FleetInput {
  model: string;
  machines: number;
  hashrateThs: number;
  maker?: string;
}

export interface ComponentInput {
  component: ComponentKind;
  annualFailureRate?: number;
  turnaroundDays?: number;
  spares?: number;
  hashrateLossFraction?: number;
  unitCostUsd?: string;
}

export interface ProblemRequest {
  horizonDays: number;
  scenarioStart?: string;
  fleet?: FleetInput[];
  components?: ComponentInput[];
  customs?: Partial<CustomsDelay>;
  hashpriceUsdPerThDay?: number;
  powerPriceUsdPerKwh?: number;
  hostingFeeUsdPerMachineDay?: number;
}

export interface LiveComponent {
  annualFailureRate?: number;
  turnaroundDays?: number;
  spares?: number;
  unitCostUsd?: string;
}

/** Today's fleet, history-based estimates and stuck parts, as read from the database. */
export interface LiveSnapshot {
  fleet: FleetInput[];
  /** Which live fleet entries had a maker stored (others are derived from the model). */
  storedMakers?: string[];
  components: Partial<Record<ComponentKind, LiveComponent>>;
  /** Available stock per component and location (the components' `spares` are its totals). */
  sparesByLocation?: { component: ComponentKind; locationCode: string; units: number }[];
  /** Tickets per component and repair center over the trailing window: how a component's failures split over centers. */
  demandByCenter?: { component: ComponentKind; center: string; tickets: number }[];
  /** Median turnaround of a component at a repair center, where enough of its tickets were returned (the scorecard). */
  turnaroundByCenter?: { component: ComponentKind; center: string; days: number }[];
  /** Mean power draw of a machine in service, W (machines' powerW, from the fleet counters). */
  powerWPerMachine?: number;
  customs: Partial<CustomsDelay>;
  /** Machines idle today waiting for a part of this component (open tickets awaiting parts), at their repair center. */
  openBackorders: { component: ComponentKind; maker?: string; center?: string; machines: number; heldInCustoms?: number }[];
  /** Units on shipments held in customs today, and how long each hold has lasted so far, by destination. */
  heldShipments: { component: ComponentKind; maker?: string; center?: string; units: number; daysHeld: number }[];
  /** Units on shipments under way (not held, not delivered), due in so many days, by destination. */
  inTransit: { component: ComponentKind; maker?: string; center?: string; units: number; dueInDays: number }[];
}

export interface UptimeProblem {
  pools: SimulationPool[];
  fleetMachines: number;
  hashpriceUsdPerThDay: number;
  /** W per machine for the power an idle machine no longer buys: the live fleet's mean draw, when the fleet is live. */
  powerWPerMachine?: number;
  powerPriceUsdPerKwh?: number;
  hostingFeeUsdPerMachineDay?: number;
  /** USD unit cost per component, resolved request → live (parts catalog) → default. */
  unitCostUsd: Partial<Record<ComponentKind, string>>;
  parameters: ResolvedParameter[];
}

const UNKNOWN_MAKER = 'unknown';

export const makerOf = (entry: FleetInput): string => entry.maker ?? makerOfModel(entry.model);

interface MakerGroup {
  maker: string;
  machines: number;
  /** Machine-weighted mean hashrate per machine. */
  hashrateThs: number;
}

function makerGroups(fleet: FleetInput[]): MakerGroup[] {
  const groups = new Map<string, { machines: number; ths: number }>();
  for (const entry of fleet) {
    const maker = makerOf(entry);
    const group = groups.get(maker) ?? { machines: 0, ths: 0 };
    group.machines += entry.machines;
    group.ths += entry.machines * entry.hashrateThs;
    groups.set(maker, group);
  }
  return [...groups]
    .map(([maker, g]) => ({ maker, machines: g.machines, hashrateThs: g.machines > 0 ? g.ths / g.machines : 0 }))
    .sort((a, b) => (a.maker < b.maker ? -1 : a.maker > b.maker ? 1 : 0));
}

/** Splits `total` in proportion to `weights` by largest remainder; ties go to the earlier entry. */
export function splitProportionally(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return shares;
}

const poolMaker = (maker: string): string | undefined => (maker === UNKNOWN_MAKER ? undefined : maker);

function fleetParameters(fleet: FleetInput[], source: 'request' | 'live', storedMakers: Set<string>): ResolvedParameter[] {
  return fleet.flatMap((entry) => [
    { name: `fleet.${entry.model}.machines`, value: entry.machines, source },
    { name: `fleet.${entry.model}.hashrateThs`, value: entry.hashrateThs, source },
    {
      name: `fleet.${entry.model}.maker`,
      value: makerOf(entry),
      // A maker the request or the machines table gave; otherwise derived from the model name.
      source: source === 'request' ? (entry.maker ? 'request' : 'default') : storedMakers.has(entry.model) ? 'live' : 'default',
    },
  ]);
}

interface ResolvedComponent {
  component: ComponentKind;
  annualFailureRate: number;
  turnaroundDays: number;
  spares: number;
  hashrateLossFraction: number;
  unitCostUsd: string;
}

function resolveComponent(
  component: ComponentKind,
  request: ComponentInput | undefined,
  live: LiveComponent | undefined,
): { values: ResolvedComponent; sparesSource: ParameterSource; turnaroundSource: ParameterSource; list: ResolvedParameter[] } {
  const { component: _ignored, ...requested } = request ?? { component };
  const resolved = resolveParameters<Omit<ResolvedComponent, 'component'>>(
    {
      request: requested,
      live,
      defaults: {
        annualFailureRate: DEFAULT_ANNUAL_FAILURE_RATE[component],
        turnaroundDays: DEFAULT_TURNAROUND_DAYS,
        spares: 0,
        hashrateLossFraction: 1,
        unitCostUsd: DEFAULT_UNIT_COST_USD[component],
      },
    },
    { prefix: `components.${component}` },
  );
  return {
    values: { component, ...resolved.values },
    sparesSource: resolved.sources.spares,
    turnaroundSource: resolved.sources.turnaroundDays,
    list: resolved.list,
  };
}

/** A repair center a component's failures go to, with its share of them (its tickets over the trailing window). */
interface CenterShare {
  center?: string;
  tickets: number;
}

/** The centers of a component's live tickets, by center; none known (or no live data): one fleet-wide share. */
function centerShares(live: LiveSnapshot | undefined, component: ComponentKind): CenterShare[] {
  const rows = (live?.demandByCenter ?? []).filter((row) => row.component === component && row.tickets > 0);
  if (rows.length === 0) return [{ tickets: 1 }];
  return rows.map((row) => ({ center: row.center, tickets: row.tickets })).sort((a, b) => (a.center! < b.center! ? -1 : 1));
}

/**
 * Each center's spares: with live stock, what is on the shelf there (stock anywhere else counts at the
 * busiest center, where it would be sent first); otherwise the total split by the centers' shares.
 */
function sparesPerCenter(total: number, source: ParameterSource, live: LiveSnapshot | undefined, component: ComponentKind, shares: CenterShare[]): number[] {
  if (shares.length === 1) return [total];
  if (source !== 'live' || !live?.sparesByLocation) return splitProportionally(total, shares.map((share) => share.tickets));
  const stock = live.sparesByLocation.filter((row) => row.component === component);
  const atCenters = shares.map((share) => stock.filter((row) => row.locationCode === share.center).reduce((sum, row) => sum + row.units, 0));
  const busiest = shares.reduce((best, share, i) => (share.tickets > shares[best].tickets ? i : best), 0);
  atCenters[busiest] += total - atCenters.reduce((sum, units) => sum + units, 0);
  return atCenters;
}

/**
 * Assigns a live quantity to the pool of its component at its center and of its maker; failing that,
 * at its center, then of its maker, then the component's largest pool.
 */
function poolIndexFor(pools: SimulationPool[], component: ComponentKind, maker?: string, center?: string): number {
  const fits = (pool: SimulationPool) =>
    (center !== undefined && pool.center === center ? 2 : 0) + (maker !== undefined && pool.maker === maker ? 1 : 0);
  let best = -1;
  pools.forEach((pool, i) => {
    if (pool.component !== component) return;
    if (best < 0 || fits(pool) > fits(pools[best]) || (fits(pool) === fits(pools[best]) && pool.machines > pools[best].machines)) best = i;
  });
  return best;
}

/**
 * Today's live state as each pool's initial state, and the stock level METRIC and the simulator share.
 *
 * - Machines waiting for a part (open tickets in awaiting_parts, held in customs or not) are open
 *   backorders on day 1, in the pool of their center, that the shelf does not fill: a ticket waits because
 *   no stock of its SKU was free at its center (what is on hand fits other models, or, in a fleet-wide
 *   pool, sits at other centers). Arrivals fill them first.
 * - Those waiting on a held shipment get their parts when it is released (after the remaining dwell);
 *   the others (and any the pool's held units cannot cover) get a resupply after the pool's mean
 *   resupply time (turnaround + expected customs delay).
 * - Units on held or in-transit shipments are stock on its way.
 * The pool's `spares` becomes its stock level (inventory position): on hand + everything due in − waiting
 * machines = on hand + in transit + held units not already spoken for by the machines waiting on them.
 * That is what the simulation settles to, so METRIC's steady state and the Monte Carlo agree after warm-up.
 */
function addLiveState(pools: SimulationPool[], live: LiveSnapshot, meanHoldDays: number): void {
  const initial = (i: number) => (pools[i].initial ??= {});
  const waiting = new Map<number, { all: number; held: number }>();
  for (const row of live.openBackorders) {
    const i = poolIndexFor(pools, row.component, row.maker, row.center);
    if (i < 0 || row.machines <= 0) continue;
    const current = waiting.get(i) ?? { all: 0, held: 0 };
    current.all += row.machines;
    current.held += Math.min(row.machines, Math.max(0, row.heldInCustoms ?? 0));
    waiting.set(i, current);
  }
  const heldUnits = new Map<number, number>();
  for (const row of live.heldShipments) {
    const i = poolIndexFor(pools, row.component, row.maker, row.center);
    if (i < 0 || row.units <= 0) continue;
    // The hold is expected to last the mean dwell; what is left of it, at least a day.
    const meanRemainingDwellDays = Math.max(1, meanHoldDays - row.daysHeld);
    (initial(i).heldShipments ??= []).push({ units: row.units, meanRemainingDwellDays });
    heldUnits.set(i, (heldUnits.get(i) ?? 0) + row.units);
  }
  const inTransitUnits = new Map<number, number>();
  for (const row of live.inTransit) {
    const i = poolIndexFor(pools, row.component, row.maker, row.center);
    if (i < 0 || row.units <= 0) continue;
    (initial(i).pipeline ??= []).push({ dueInDays: Math.max(1, Math.round(row.dueInDays)), units: row.units });
    inTransitUnits.set(i, (inTransitUnits.get(i) ?? 0) + row.units);
  }
  pools.forEach((pool, i) => {
    const w = waiting.get(i);
    const held = heldUnits.get(i) ?? 0;
    const onHand = pool.spares;
    const coveredByHeld = Math.min(w?.held ?? 0, held);
    if (w && w.all > 0) {
      initial(i).openBackorders = w.all;
      const resupplied = w.all - coveredByHeld;
      if (resupplied > 0) {
        const dueInDays = Math.max(1, Math.round(meanDelayDays(baseRegime(pool))));
        (initial(i).pipeline ??= []).push({ dueInDays, units: resupplied });
      }
    }
    if (pool.initial) {
      pool.initial.onHand = onHand;
      pool.spares = onHand + (inTransitUnits.get(i) ?? 0) + held - coveredByHeld;
    }
  });
}

/** Live stock per component: on hand, on its way, waiting machines, and the stock level both methods use. */
function stockParameters(pools: SimulationPool[]): ResolvedParameter[] {
  const byComponent = new Map<ComponentKind, { onHand: number; inbound: number; waiting: number; level: number }>();
  for (const pool of pools) {
    const row = byComponent.get(pool.component) ?? { onHand: 0, inbound: 0, waiting: 0, level: 0 };
    const initial = pool.initial ?? {};
    row.onHand += initial.onHand ?? pool.spares;
    row.waiting += initial.openBackorders ?? 0;
    row.inbound += [...(initial.heldShipments ?? []), ...(initial.pipeline ?? [])].reduce((sum, e) => sum + e.units, 0);
    row.level += pool.spares;
    byComponent.set(pool.component, row);
  }
  return [...byComponent].flatMap(([component, row]) => [
    { name: `components.${component}.waitingMachines (open backorders today, filled only by arrivals)`, value: row.waiting, source: 'live' as const },
    { name: `components.${component}.dueIn (held, in transit and resupply for waiting machines)`, value: row.inbound, source: 'live' as const },
    {
      name: `components.${component}.stockLevel (on hand + due in − waiting; METRIC and Monte Carlo)`,
      value: row.level,
      source: 'live' as const,
    },
  ]);
}

function scenarioParameters(scenario: ScenarioDefinition, startDay: number): ResolvedParameter[] {
  const fields = [
    'holdProbability', 'meanHoldDays', 'extraLeadTimeDays', 'cutOffMakers', 'cutOffOrigins',
    'secondSupplierShare', 'secondSupplierTurnaroundDays',
  ] as const;
  // A scenario starting after day 1 applies from its start only: say so, next to the customs in force before it.
  const when = startDay > 1 ? ' (from scenario start)' : '';
  return [
    { name: 'scenario.startDay', value: startDay, source: 'scenario' },
    ...fields.map((field) => ({ name: `scenario.${field}${when}`, value: scenario[field], source: 'scenario' as const })),
  ];
}

/**
 * Builds the problem. `live` is absent when the request gives both fleet and components (they are the
 * whole problem: pools start empty, nothing live is mixed in).
 */
export function buildUptimeProblem(
  request: ProblemRequest,
  scenario: ScenarioDefinition | undefined,
  live: LiveSnapshot | undefined,
  today: string,
): UptimeProblem {
  const duplicates = (request.components ?? [])
    .map((c, i, all) => (all.findIndex((other) => other.component === c.component) < i ? `components.${i}.component: ${c.component} is given twice` : ''))
    .filter(Boolean);
  if (duplicates.length) throw new ProjectionInputError(duplicates.join('; '), duplicates);
  const parameters: ResolvedParameter[] = [];
  const fleet = request.fleet ?? live?.fleet ?? [];
  parameters.push(...fleetParameters(fleet, request.fleet ? 'request' : 'live', new Set(live?.storedMakers ?? [])));

  const startDay = scenario ? scenarioStartDay(today, request.scenarioStart ?? scenario.startDate) : 0;
  // A scenario in force from the first day decides the customs; one starting later only shifts the pools then.
  const scenarioCustoms = scenario && startDay <= 1 ? { holdProbability: scenario.holdProbability, meanHoldDays: scenario.meanHoldDays } : undefined;
  const customs = resolveParameters<CustomsDelay>(
    { request: request.customs, scenario: scenarioCustoms, live: live?.customs, defaults: DEFAULT_CUSTOMS },
    { prefix: 'customs' },
  );
  const hashprice = resolveParameters<{ hashpriceUsdPerThDay: number }>({
    request: { hashpriceUsdPerThDay: request.hashpriceUsdPerThDay },
    defaults: { hashpriceUsdPerThDay: DEFAULT_HASHPRICE_USD_PER_TH_DAY },
  });

  const componentKinds = request.components?.map((c) => c.component) ?? [...DEFAULT_COMPONENTS];
  const groups = makerGroups(fleet);
  const pools: SimulationPool[] = [];
  const unitCostUsd: Partial<Record<ComponentKind, string>> = {};
  for (const component of componentKinds) {
    const resolved = resolveComponent(component, request.components?.find((c) => c.component === component), live?.components[component]);
    parameters.push(...resolved.list);
    unitCostUsd[component] = resolved.values.unitCostUsd;
    const base = {
      component,
      annualFailureRate: resolved.values.annualFailureRate,
      turnaroundDays: resolved.values.turnaroundDays,
      hashrateLossFraction: resolved.values.hashrateLossFraction,
      customs: customs.values,
    };
    // One pool per center (and maker): a center's spares serve the machines whose failures go there.
    const shares = centerShares(live, component);
    const centerSpares = sparesPerCenter(resolved.values.spares, resolved.sparesSource, live, component, shares);
    const machinesAt = groups.map((group) => splitProportionally(group.machines, shares.map((share) => share.tickets)));
    shares.forEach((share, c) => {
      // The center's own scorecard, unless the request gave the turnaround.
      const scorecard = resolved.turnaroundSource === 'request'
        ? undefined
        : live?.turnaroundByCenter?.find((row) => row.component === component && row.center === share.center);
      const at = { ...(share.center ? { center: share.center } : {}), ...(scorecard ? { turnaroundDays: scorecard.days } : {}) };
      const machines = groups.map((_, g) => machinesAt[g][c]);
      if (share.center) {
        parameters.push(
          { name: `components.${component}.machinesServed.${share.center} (by its share of the tickets)`, value: machines.reduce((sum, m) => sum + m, 0), source: 'live' },
          { name: `components.${component}.spares.${share.center}`, value: centerSpares[c], source: resolved.sparesSource },
        );
        if (scorecard) parameters.push({ name: `components.${component}.turnaroundDays.${share.center}`, value: scorecard.days, source: 'live' });
      }
      if (groups.length <= 1) {
        const group = groups[0];
        pools.push({
          ...base,
          ...at,
          maker: group ? poolMaker(group.maker) : undefined,
          machines: machines[0] ?? 0,
          hashrateThsPerMachine: group?.hashrateThs ?? 0,
          spares: centerSpares[c],
        });
        return;
      }
      const spares = splitProportionally(centerSpares[c], machines);
      groups.forEach((group, g) =>
        pools.push({ ...base, ...at, maker: poolMaker(group.maker), machines: machines[g], hashrateThsPerMachine: group.hashrateThs, spares: spares[g] }),
      );
    });
  }
  // Customs before a later scenario start are not the scenario's: named so the two rows never contradict.
  const customsList = scenario && startDay > 1 ? customs.list.map((p) => ({ ...p, name: `${p.name} (before scenario start)` })) : customs.list;
  parameters.push(...customsList, ...hashprice.list);

  if (live) {
    addLiveState(pools, live, customs.values.meanHoldDays);
    parameters.push(...stockParameters(pools));
  }

  let finalPools = pools;
  if (scenario) {
    // The request's customs win over the scenario's, also once the scenario is in force.
    const effective: ScenarioDefinition = {
      ...scenario,
      holdProbability: request.customs?.holdProbability ?? scenario.holdProbability,
      meanHoldDays: request.customs?.meanHoldDays ?? scenario.meanHoldDays,
    };
    finalPools = applyScenario(pools, effective, startDay);
    parameters.push({ name: 'scenario', value: scenario.name, source: 'request' }, ...scenarioParameters(effective, startDay));
  }

  // Power and hosting: the prices only come from the request; the draw from the live fleet's machines.
  const powerWPerMachine = request.fleet ? undefined : live?.powerWPerMachine;
  if (request.powerPriceUsdPerKwh !== undefined) {
    parameters.push({ name: 'powerPriceUsdPerKwh', value: request.powerPriceUsdPerKwh, source: 'request' });
    parameters.push(
      powerWPerMachine !== undefined
        ? { name: 'powerWPerMachine (fleet mean)', value: Math.round(powerWPerMachine * 10) / 10, source: 'live' }
        : { name: 'powerWPerMachine (unknown: fleet given in the request, no power avoided computed)', value: null, source: 'default' },
    );
  }
  if (request.hostingFeeUsdPerMachineDay !== undefined) {
    parameters.push({ name: 'hostingFeeUsdPerMachineDay', value: request.hostingFeeUsdPerMachineDay, source: 'request' });
  }

  return {
    pools: finalPools,
    fleetMachines: groups.reduce((sum, g) => sum + g.machines, 0),
    hashpriceUsdPerThDay: hashprice.values.hashpriceUsdPerThDay,
    powerWPerMachine,
    powerPriceUsdPerKwh: request.powerPriceUsdPerKwh,
    hostingFeeUsdPerMachineDay: request.hostingFeeUsdPerMachineDay,
    unitCostUsd,
    parameters,
  };
}
