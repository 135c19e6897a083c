import { InvalidInput } from '@app/common';
import { formatUsd, parseUsd } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import {
  ComponentKind, planSpares, roundAvailability, roundCount, roundHashrate, roundUsd, type SparesOutcome, type SparesPlanGoal,
} from '../projection';
import { LiveDataRepository } from './live-data.repository';
import { DEFAULT_SPARES_PLAN_HORIZON_DAYS } from './projection-defaults';
import { asDomainError, ProjectionsService } from './projections.service';
import { splitProportionally } from './uptime-problem';
import type { SparesOutcomeDto, SparesPlanDto, SparesPlanRequestDto } from './spares-plan.dto';

const outcomeDto = (outcome: SparesOutcome): SparesOutcomeDto => ({
  expectedIdleMachines: roundCount(outcome.expectedIdleMachines),
  availability: roundAvailability(outcome.availability),
  lostHashrateThs: roundHashrate(outcome.lostHashrateThs),
  lostRevenueUsdPerDay: roundUsd(outcome.lostRevenueUsdPerDay),
});

@Injectable()
export class SparesPlanService {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly live: LiveDataRepository,
  ) {}

  async plan(request: SparesPlanRequestDto, now = new Date()): Promise<SparesPlanDto> {
    const goal = this.goal(request);
    const horizonDays = request.horizonDays ?? DEFAULT_SPARES_PLAN_HORIZON_DAYS;
    const problem = await this.projections.problem({ ...request, horizonDays }, now);
    // Unit costs the request left out come from the parts catalog before the documented defaults.
    const [catalogCosts, demand] = await Promise.all([this.live.unitCosts(), this.live.demandByCenter(now)]);
    // A pool at a center stocks there; a fleet-wide pool's spares go where its tickets went.
    const byLocation = (component: ComponentKind, center: string | null, added: number) => {
      if (center !== null) return added > 0 ? [{ locationCode: center, addedSpares: added }] : [];
      const centers = demand.filter((row) => row.component === component);
      const shares = splitProportionally(added, centers.map((row) => row.tickets));
      return centers.map((row, i) => ({ locationCode: row.locationCode, addedSpares: shares[i] })).filter((row) => row.addedSpares > 0);
    };
    const parameters = problem.parameters.map((parameter) => {
      const match = /^components\.([a-z_]+)\.unitCostUsd$/.exec(parameter.name);
      const component = match?.[1] as ComponentKind | undefined;
      const cost = component && catalogCosts.get(component);
      if (!component || !cost || parameter.source !== 'default') return parameter;
      problem.unitCostUsd[component] = cost;
      return { ...parameter, value: cost, source: 'live' as const };
    });
    const unitCents = (component: ComponentKind) => Number(parseUsd(problem.unitCostUsd[component] ?? '0'));
    try {
      const plan = planSpares({
        pools: problem.pools.map((pool) => ({ ...pool, unitCostUsdCents: unitCents(pool.component) })),
        hashpriceUsdPerThDay: problem.hashpriceUsdPerThDay,
        horizonDays,
        fleetMachines: problem.fleetMachines,
        goal,
      });
      return {
        allocation: plan.allocation.map((allocation, i) => ({
          component: allocation.component,
          maker: problem.pools[i].maker ?? null,
          center: allocation.center,
          addedSpares: allocation.addedSpares,
          spares: allocation.spares,
          unitCostUsd: formatUsd(BigInt(unitCents(allocation.component))),
          costUsd: formatUsd(BigInt(allocation.costUsdCents)),
          expectedBackorders: roundCount(allocation.expectedBackorders),
          byLocation: byLocation(allocation.component, allocation.center, allocation.addedSpares),
        })),
        totalCostUsd: formatUsd(BigInt(plan.totalCostUsdCents)),
        goalMet: plan.goalMet,
        before: outcomeDto(plan.before),
        after: outcomeDto(plan.after),
        parameters: [
          { name: 'horizonDays', value: horizonDays, source: request.horizonDays ? 'request' : 'default' },
          ...parameters,
        ],
      };
    } catch (error) {
      throw asDomainError(error);
    }
  }

  private goal(request: SparesPlanRequestDto): SparesPlanGoal {
    const hasBudget = request.budgetUsd !== undefined;
    const hasTarget = request.targetAvailability !== undefined;
    if (hasBudget === hasTarget) throw new InvalidInput(['budgetUsd, targetAvailability: give exactly one of them']);
    return hasBudget ? { budgetUsdCents: Number(parseUsd(request.budgetUsd as string)) } : { targetAvailability: request.targetAvailability as number };
  }
}
