import type { PoolParameters } from '../src/projection';

/**
 * The PSU pool of the contract's worked example (POST /projections/uptime in ../shared/contract.md):
 * 10,000 machines, 10% a year, 21 days' turnaround, customs holds 30% × 14 days, 50 spares. Unit specs
 * of the projection start from it and change what they test.
 */
export const CONTRACT_PSU_POOL: PoolParameters = {
  component: 'psu',
  machines: 10000,
  annualFailureRate: 0.1,
  turnaroundDays: 21,
  spares: 50,
  hashrateThsPerMachine: 200,
  customs: { holdProbability: 0.3, meanHoldDays: 14 },
};
