import { formatUsd } from '@app/common/domain';
import { LandedCostCents, LandedCostInput, landedCostInCents } from './duty.rules';

/**
 * What-if for the same lines: the duty and landed cost if they came from another origin
 * (a second supplier) or entered on another date (before or after a rate change),
 * each compared with the shipment as declared.
 */
export interface DutyScenario {
  label: string;
  /** Replaces every line's country of origin; the lines' own when absent. */
  countryOfOrigin?: string;
  entryDate?: string;
  /** Freight for this origin, when it differs. */
  freightUsd?: string;
}

export interface ScenarioOutcome {
  label: string;
  /** null: each line's declared origin. */
  countryOfOrigin: string | null;
  entryDate: string;
  totalDutyUsd: string;
  landedCostUsd: string;
  /** Against the baseline; negative is a saving. */
  dutyChangeUsd: string;
  landedCostChangeUsd: string;
  lines: { sku: string; countryOfOrigin: string; ratePct: string; dutyUsd: string }[];
}

export interface DutyWhatIf {
  baseline: ScenarioOutcome;
  scenarios: ScenarioOutcome[];
  /** The label with the lowest landed cost; the baseline wins ties. */
  cheapest: string;
}

export const BASELINE_LABEL = 'as declared';

export function compareDutyScenarios(declared: LandedCostInput, scenarios: readonly DutyScenario[]): DutyWhatIf {
  const baselineCost = landedCostInCents(declared);
  const outcome = (scenario: DutyScenario, cost: LandedCostCents, input: LandedCostInput): ScenarioOutcome => ({
    label: scenario.label,
    countryOfOrigin: scenario.countryOfOrigin ?? null,
    entryDate: input.entryDate,
    totalDutyUsd: formatUsd(cost.duty),
    landedCostUsd: formatUsd(cost.landed),
    dutyChangeUsd: formatUsd(cost.duty - baselineCost.duty),
    landedCostChangeUsd: formatUsd(cost.landed - baselineCost.landed),
    lines: cost.lines.map(({ lineDuty }) => ({
      sku: lineDuty.sku,
      countryOfOrigin: lineDuty.countryOfOrigin,
      ratePct: lineDuty.ratePct,
      dutyUsd: lineDuty.dutyUsd,
    })),
  });
  const alternatives = scenarios.map((scenario) => {
    const input = scenarioInput(declared, scenario);
    const cost = landedCostInCents(input);
    return { landed: cost.landed, outcome: outcome(scenario, cost, input) };
  });
  const cheapest = alternatives.reduce(
    (best, next) => (next.landed < best.landed ? next : best),
    { landed: baselineCost.landed, outcome: { label: BASELINE_LABEL } },
  );
  return {
    baseline: outcome({ label: BASELINE_LABEL }, baselineCost, declared),
    scenarios: alternatives.map((alternative) => alternative.outcome),
    cheapest: cheapest.outcome.label,
  };
}

function scenarioInput(declared: LandedCostInput, scenario: DutyScenario): LandedCostInput {
  const { countryOfOrigin, entryDate, freightUsd } = scenario;
  return {
    ...declared,
    lines: countryOfOrigin ? declared.lines.map((line) => ({ ...line, countryOfOrigin })) : declared.lines,
    entryDate: entryDate ?? declared.entryDate,
    freightUsd: freightUsd ?? declared.freightUsd,
  };
}
