import fc from 'fast-check';
import { PARAMETER_PRECEDENCE, resolveParameters } from './parameter-sources';

interface Customs {
  holdProbability: number;
  meanHoldDays: number;
  hashpriceUsdPerThDay: number;
  runs?: number;
}
const defaults: Customs = { holdProbability: 0.05, meanHoldDays: 3, hashpriceUsdPerThDay: 0.05, runs: undefined };

describe('resolveParameters', () => {
  it('takes each value from the first layer that gives it, and says which', () => {
    const resolved = resolveParameters<Customs>({
      request: { holdProbability: 0.3 },
      scenario: { holdProbability: 0.5, meanHoldDays: 14 },
      live: { meanHoldDays: 9, hashpriceUsdPerThDay: 0.048 },
      defaults,
    });
    expect(resolved.values).toEqual({ holdProbability: 0.3, meanHoldDays: 14, hashpriceUsdPerThDay: 0.048, runs: undefined });
    expect(resolved.sources).toEqual({ holdProbability: 'request', meanHoldDays: 'scenario', hashpriceUsdPerThDay: 'live', runs: 'default' });
  });

  it('lists parameters in the defaults’ order, prefixed when asked', () => {
    const { list } = resolveParameters<Customs>({ live: { meanHoldDays: 9 }, defaults }, { prefix: 'customs' });
    expect(list).toEqual([
      { name: 'customs.holdProbability', value: 0.05, source: 'default' },
      { name: 'customs.meanHoldDays', value: 9, source: 'live' },
      { name: 'customs.hashpriceUsdPerThDay', value: 0.05, source: 'default' },
      { name: 'customs.runs', value: undefined, source: 'default' },
    ]);
  });

  it('treats null as not given, but keeps zero and false', () => {
    const resolved = resolveParameters<Customs>({ request: { holdProbability: null as unknown as number, meanHoldDays: 0 }, scenario: { holdProbability: 0.2 }, defaults });
    expect(resolved.values.holdProbability).toBe(0.2);
    expect(resolved.sources.meanHoldDays).toBe('request');
    expect(resolved.values.meanHoldDays).toBe(0);
  });

  it('always picks the highest-precedence layer that defines a value', () => {
    const layer = fc.option(fc.double({ noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(layer, layer, layer, fc.double({ noNaN: true }), (request, scenario, live, fallback) => {
        const given = { request, scenario, live, default: fallback };
        const resolved = resolveParameters<{ x: number }>({
          request: { x: request },
          scenario: { x: scenario },
          live: { x: live },
          defaults: { x: fallback },
        });
        const expected = PARAMETER_PRECEDENCE.find((s) => given[s] !== undefined)!;
        expect(resolved.sources.x).toBe(expected);
        expect(resolved.values.x).toBe(given[expected]);
      }),
    );
  });
});
