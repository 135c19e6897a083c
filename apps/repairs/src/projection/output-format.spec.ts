import { formatDaily, formatTotals, roundCount } from './output-format';

describe('output rounding', () => {
  it('keeps 2 decimals, or 4 significant digits for small counts', () => {
    expect(roundCount(19.0616054)).toBe(19.06);
    expect(roundCount(0.806856)).toBe(0.8069);
    expect(roundCount(2.517881)).toBe(2.518);
    expect(roundCount(0.000123456)).toBe(0.0001235);
    expect(roundCount(1234.5678)).toBe(1234.57);
    expect(roundCount(0)).toBe(0);
    expect(roundCount(1e-300)).toBe(0);
  });

  it('rounds a simulated day and the horizon totals for the response', () => {
    const day = {
      day: 3,
      idleMean: 3.40000001,
      idleP10: 0,
      idleP50: 3,
      idleP90: 9,
      lostHashrateThsMean: 680.00001,
      lostHashrateThsP10: 0,
      lostHashrateThsP50: 600,
      lostHashrateThsP90: 1800,
      lostUsdMean: 34.0000004,
      lostUsdP10: 0,
      lostUsdP50: 30.000000001,
      lostUsdP90: 90,
    };
    expect(formatDaily(day)).toEqual({ ...day, idleMean: 3.4, lostHashrateThsMean: 680, lostUsdMean: 34, lostUsdP50: 30 });
    const spread = { mean: 10.123456, p10: 1, p50: 10, p90: 20.55555 };
    expect(formatTotals({ idleMachineDays: spread, lostThDays: spread, lostUsd: spread })).toEqual({
      idleMachineDays: { mean: 10.12, p10: 1, p50: 10, p90: 20.56 },
      lostThDays: { mean: 10.1, p10: 1, p50: 10, p90: 20.6 },
      lostUsd: { mean: 10.12, p10: 1, p50: 10, p90: 20.56 },
    });
  });
});
