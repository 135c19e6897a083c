/**
 * The three scenarios of domain.md, inserted by the repairs service at first start. Users may add their own
 * or tune these; the numbers are defaults from the trade-press reports, not constants of the model.
 */
import type { ScenarioDefinition } from './scenarios.rules';

export const SCENARIO_SEEDS: readonly ScenarioDefinition[] = [
  {
    name: 'baseline',
    description: 'Quiet end: the review fades, supply continues, buyers diversify to MicroBT and Canaan.',
    // Holds stay rare and short: "a process of days" for about one shipment in twenty.
    holdProbability: 0.05,
    meanHoldDays: 3,
    extraLeadTimeDays: 0,
    cutOffMakers: [],
    cutOffOrigins: [],
    secondSupplierShare: 0,
    secondSupplierTurnaroundDays: 0,
    builtIn: true,
  },
  {
    name: 'regulatory',
    description:
      'Regulated supplier: firmware certification, audits, vetted US repair partners and export permits; supply continues with more friction.',
    // Bonded-warehouse reviews make "days become weeks": about a third of shipments held, two weeks on average.
    holdProbability: 0.3,
    meanHoldDays: 14,
    // Certification and permits add about two weeks per resupply (machine lead times go from 6 weeks to 3+ months).
    extraLeadTimeDays: 14,
    cutOffMakers: [],
    cutOffOrigins: [],
    secondSupplierShare: 0,
    secondSupplierTurnaroundDays: 0,
    builtIn: true,
  },
  {
    name: 'sanctions',
    description:
      'Sanctions / entity list: parts from the sanctioned maker stop and cannot cross the border; what breaks stays broken unless stock or a second supplier covers it.',
    // What still arrives from other makers is scrutinised hard: half of shipments held, about four weeks each.
    holdProbability: 0.5,
    meanHoldDays: 28,
    extraLeadTimeDays: 21,
    // Bitmain is the maker under review; North American fleets run almost entirely on Antminers.
    cutOffMakers: ['Bitmain'],
    cutOffOrigins: [],
    // Compatible third-party and cannibalised parts cover about 30% of demand, arriving in about two months.
    secondSupplierShare: 0.3,
    secondSupplierTurnaroundDays: 60,
    builtIn: true,
  },
];
