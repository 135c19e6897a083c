import { InvalidInput, ServiceUnavailable } from '@app/common';
import { utcDate } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import {
  dateOfDay,
  formatDaily,
  formatSteadyState,
  formatTotals,
  MAX_RUN_DAYS,
  metricProjection,
  ProjectionError,
  ResolvedParameter,
  runSimulationInWorker,
  type ScenarioDefinition,
  SimulationWorkerError,
} from '../projection';
import { LiveDataRepository } from './live-data.repository';
import { DEFAULT_METHOD, DEFAULT_RUNS, DEFAULT_SEED } from './projection-defaults';
import type { ProblemDto, ProjectionMethod, UptimeProjectionDto, UptimeProjectionRequestDto } from './projection.dto';
import { ScenariosService } from './scenarios.service';
import { buildUptimeProblem, type UptimeProblem } from './uptime-problem';

/** A projection never runs longer than this; the contract's largest requests take a few seconds. */
const SIMULATION_TIMEOUT_MS = 120_000;

/** The core's input errors and limit errors are both the client's: 400 naming each problem. */
export function asDomainError(error: unknown): unknown {
  if (error instanceof ProjectionError) return new InvalidInput(error.details);
  if (error instanceof SimulationWorkerError) return new ServiceUnavailable(`projection could not be computed: ${error.message}`);
  return error;
}

@Injectable()
export class ProjectionsService {
  constructor(
    private readonly live: LiveDataRepository,
    private readonly scenarios: ScenariosService,
  ) {}

  /** Request → scenario → live → defaults; live data is read only when the request leaves something out. */
  async problem(request: ProblemDto & { horizonDays: number }, now: Date): Promise<UptimeProblem> {
    const scenario: ScenarioDefinition | undefined = request.scenario ? await this.scenarios.definition(request.scenario) : undefined;
    const wholeProblem = request.fleet !== undefined && request.components !== undefined;
    const live = wholeProblem ? undefined : await this.live.snapshot(now);
    try {
      return buildUptimeProblem(request, scenario, live, utcDate(now));
    } catch (error) {
      throw asDomainError(error);
    }
  }

  async uptime(request: UptimeProjectionRequestDto, now = new Date()): Promise<UptimeProjectionDto> {
    const method: ProjectionMethod = request.method ?? DEFAULT_METHOD;
    const horizonDays = request.horizonDays;
    const problem = await this.problem(request, now);
    const runParameters: ResolvedParameter[] = [
      { name: 'method', value: method, source: request.method ? 'request' : 'default' },
      { name: 'horizonDays', value: horizonDays, source: 'request' },
    ];
    try {
      const metric = metricProjection({
        pools: problem.pools,
        hashpriceUsdPerThDay: problem.hashpriceUsdPerThDay,
        horizonDays,
        fleetMachines: problem.fleetMachines,
        powerPriceUsdPerKwh: problem.powerPriceUsdPerKwh,
        powerWPerMachine: problem.powerWPerMachine,
        hostingFeeUsdPerMachineDay: problem.hostingFeeUsdPerMachineDay,
      });
      const steadyState = formatSteadyState(metric);
      if (method === 'analytic') {
        return { method, horizonDays, steadyState, daily: [], parameters: [...runParameters, ...problem.parameters] };
      }
      // Default runs shrink for long horizons so the default request is always within the contract's limit.
      const runs = request.runs ?? Math.min(DEFAULT_RUNS, Math.floor(MAX_RUN_DAYS / horizonDays));
      const seed = request.seed ?? DEFAULT_SEED;
      runParameters.push(
        { name: 'runs', value: runs, source: request.runs !== undefined ? 'request' : 'default' },
        { name: 'seed', value: seed, source: request.seed !== undefined ? 'request' : 'default' },
      );
      const simulation = await runSimulationInWorker(
        { pools: problem.pools, horizonDays, runs, seed, hashpriceUsdPerThDay: problem.hashpriceUsdPerThDay },
        { timeoutMs: SIMULATION_TIMEOUT_MS },
      );
      return {
        method,
        horizonDays,
        runs,
        seed,
        steadyState,
        daily: simulation.daily.map((day) => ({ ...formatDaily(day), date: dateOfDay(utcDate(now), day.day) })),
        totals: formatTotals(simulation.totals),
        parameters: [...runParameters, ...problem.parameters],
      };
    } catch (error) {
      throw asDomainError(error);
    }
  }
}
