import fc from 'fast-check';
import { formatRatePct, isHtsPrefixOf } from '@app/common/domain';
import {
  findOverlap,
  isCalendarDate,
  isInForce,
  lookupTariffs,
  TariffEntry,
  TariffTerms,
  toTariffTerms,
  validateTariff,
} from './tariff.rules';

let nextId = 0;
const tariff = (terms: Partial<TariffTerms> & Pick<TariffTerms, 'hsCode' | 'ratePct' | 'effectiveFrom'>): TariffEntry => ({
  id: `t${++nextId}`,
  countryOfOrigin: 'CN',
  effectiveTo: null,
  program: 'base',
  ...terms,
});

describe('tariff input', () => {
  it('normalizes code and rate, and defaults the program', () => {
    expect(toTariffTerms({ countryOfOrigin: 'CN', hsCode: '8471.50', ratePct: 104.0, effectiveFrom: '2025-04-09' })).toEqual({
      countryOfOrigin: 'CN',
      hsCode: '847150',
      ratePct: '104',
      effectiveFrom: '2025-04-09',
      effectiveTo: null,
      program: 'base',
    });
  });

  it('names every bad field', () => {
    const problems = validateTariff({
      countryOfOrigin: 'cn',
      hsCode: '8',
      ratePct: -1,
      effectiveFrom: '2025-02-30',
      effectiveTo: '2025-13-01',
      program: 'Section 301',
    });
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'countryOfOrigin',
      'hsCode',
      'ratePct',
      'effectiveFrom',
      'effectiveTo',
      'program',
    ]);
    expect(() => toTariffTerms({ countryOfOrigin: 'cn', hsCode: '84', ratePct: 1, effectiveFrom: '2025-01-01' })).toThrow(RangeError);
  });

  it('refuses an effectiveTo that is not after effectiveFrom', () => {
    const input = { countryOfOrigin: 'CN', hsCode: '84', ratePct: '10', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-09' };
    expect(validateTariff(input)).toEqual(['effectiveTo must be after effectiveFrom (it is exclusive)']);
  });

  it('knows calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-4-9')).toBe(false);
  });
});

describe('tariff in force', () => {
  const entry = { effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28' };
  it('includes effectiveFrom and excludes effectiveTo', () => {
    expect(isInForce(entry, '2025-04-08')).toBe(false);
    expect(isInForce(entry, '2025-04-09')).toBe(true);
    expect(isInForce(entry, '2025-04-27')).toBe(true);
    expect(isInForce(entry, '2025-04-28')).toBe(false);
    expect(isInForce({ effectiveFrom: '2025-04-28', effectiveTo: null }, '2099-01-01')).toBe(true);
  });
});

describe('tariff lookup', () => {
  const schedule = [
    tariff({ hsCode: '84', ratePct: '10', effectiveFrom: '2025-01-01' }),
    tariff({ hsCode: '847150', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28' }),
    tariff({ hsCode: '847150', ratePct: '55', effectiveFrom: '2025-04-28' }),
    tariff({ hsCode: '8471', ratePct: '25', effectiveFrom: '2025-01-01', program: 'section_301' }),
    tariff({ hsCode: '847150', ratePct: '7.5', effectiveFrom: '2026-01-01', program: 'section_301' }),
    tariff({ hsCode: '847150', ratePct: '32', effectiveFrom: '2025-04-09', countryOfOrigin: 'ID' }),
  ];

  it('picks the longest prefix in force per program, and stacks programs', () => {
    const lookup = lookupTariffs(schedule, { countryOfOrigin: 'CN', hsCode: '8471.50.0150', date: '2025-05-02' });
    expect(lookup.programs.map((rate) => [rate.program, rate.entry.ratePct])).toEqual([
      ['base', '55'],
      ['section_301', '25'],
    ]);
    expect(formatRatePct(lookup.totalRatePct)).toBe('80');
    expect(lookup.programs[0].outranked).toEqual({ shorterPrefix: 1, notInForce: 1 });
    expect(lookup.programs[0].explanation).toBe(
      '847150 is the longest CN base prefix of 8471500150 in force on 2025-05-02: from 2025-04-28 with no end date; ' +
        '1 shorter in-force and 1 out-of-force entries also cover the code',
    );
  });

  it('uses the rate in force on the date', () => {
    const lookup = lookupTariffs(schedule, { countryOfOrigin: 'CN', hsCode: '8471500150', date: '2025-04-27' });
    expect(lookup.programs[0].entry.ratePct).toBe('104');
    const before = lookupTariffs(schedule, { countryOfOrigin: 'CN', hsCode: '8471500150', date: '2025-04-08' });
    expect(before.programs[0].entry.hsCode).toBe('84');
  });

  it('finds nothing for another country or code', () => {
    expect(lookupTariffs(schedule, { countryOfOrigin: 'TH', hsCode: '847150', date: '2025-05-02' }).programs).toEqual([]);
    expect(lookupTariffs(schedule, { countryOfOrigin: 'CN', hsCode: '8543', date: '2025-05-02' }).totalRatePct).toBe(0n);
  });

  it('exempts US origin', () => {
    const us = [tariff({ hsCode: '84', ratePct: '10', effectiveFrom: '2025-01-01', countryOfOrigin: 'US' })];
    const lookup = lookupTariffs(us, { countryOfOrigin: 'US', hsCode: '847150', date: '2025-05-02' });
    expect(lookup).toMatchObject({ exemption: 'US-origin goods are exempt from import tariffs', programs: [], totalRatePct: 0n });
  });

  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2025-04-${String(d).padStart(2, '0')}`);
  const arbitraryEntry = fc
    .record({
      hsCode: fc.constantFrom('84', '8471', '847150', '8471500150', '8473', '85'),
      ratePct: fc.integer({ min: 0, max: 150 }).map(String),
      from: day,
      length: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
      program: fc.constantFrom('base', 'section_301'),
    })
    .map(({ hsCode, ratePct, from, length, program }) =>
      tariff({ hsCode, ratePct, effectiveFrom: from, program, effectiveTo: length === null ? null : addDays(from, length) }),
    );

  it('always answers an in-force entry covering the code, with no longer in-force prefix in its program', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 12 }), day, (entries, date) => {
        const lookup = lookupTariffs(entries, { countryOfOrigin: 'CN', hsCode: '8471500150', date });
        for (const rate of lookup.programs) {
          expect(isInForce(rate.entry, date) && isHtsPrefixOf(rate.entry.hsCode, lookup.hsCode)).toBe(true);
          const longer = entries.filter(
            (other) =>
              other.program === rate.program &&
              isInForce(other, date) &&
              isHtsPrefixOf(other.hsCode, lookup.hsCode) &&
              other.hsCode.length > rate.entry.hsCode.length,
          );
          expect(longer).toEqual([]);
        }
        const programsInForce = new Set(
          entries.filter((e) => isInForce(e, date) && isHtsPrefixOf(e.hsCode, lookup.hsCode)).map((e) => e.program),
        );
        expect(lookup.programs.length).toBe(programsInForce.size);
      }),
    );
  });

  it('reports an overlap exactly when some day has both in force', () => {
    fc.assert(
      fc.property(arbitraryEntry, arbitraryEntry, (a, b) => {
        const sameLine = a.hsCode === b.hsCode && a.program === b.program;
        const sharedDay = Array.from({ length: 60 }, (_, i) => addDays('2025-04-01', i)).some(
          (date) => isInForce(a, date) && isInForce(b, date),
        );
        expect(findOverlap([a], b) === a).toBe(sameLine && sharedDay);
        expect(findOverlap([b], a) === b).toBe(sameLine && sharedDay);
      }),
    );
  });
});

describe('tariff overlap', () => {
  const existing = [tariff({ hsCode: '847150', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28' })];
  const candidate = (terms: Partial<TariffTerms>): TariffTerms => ({
    countryOfOrigin: 'CN',
    hsCode: '8471.50',
    ratePct: '55',
    effectiveFrom: '2025-04-28',
    effectiveTo: null,
    program: 'base',
    ...terms,
  });

  it('allows back-to-back ranges and other programs, codes or countries', () => {
    expect(findOverlap(existing, candidate({}))).toBeUndefined();
    expect(findOverlap(existing, candidate({ effectiveFrom: '2025-04-01', effectiveTo: '2025-04-09' }))).toBeUndefined();
    expect(findOverlap(existing, candidate({ effectiveFrom: '2025-04-10', program: 'section_301' }))).toBeUndefined();
    expect(findOverlap(existing, candidate({ effectiveFrom: '2025-04-10', hsCode: '8471' }))).toBeUndefined();
    expect(findOverlap(existing, candidate({ effectiveFrom: '2025-04-10', countryOfOrigin: 'ID' }))).toBeUndefined();
  });

  it('finds an overlapping range for the same line', () => {
    expect(findOverlap(existing, candidate({ effectiveFrom: '2025-04-27' }))).toBe(existing[0]);
    expect(findOverlap(existing, candidate({ effectiveFrom: '2025-01-01', effectiveTo: null }))).toBe(existing[0]);
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
