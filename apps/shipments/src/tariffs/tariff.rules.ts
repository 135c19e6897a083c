import { formatRatePct, isHtsCode, isHtsPrefixOf, isRatePct, normalizeHtsCode, parseRatePct, ScaledRatePct, sumRatePct } from '@app/common/domain';

/**
 * The tariff schedule: ad valorem rates by country of origin, HTS prefix, program and date.
 * Programs stack (e.g. a base rate plus an additional one); within a program the longest
 * HTS prefix in force on the entry date wins. Dates are 'YYYY-MM-DD', so they compare as strings.
 */
export const BASE_PROGRAM = 'base';

/** What a client sends to create a tariff; `ratePct` as a number or decimal string. */
export interface TariffInput {
  countryOfOrigin: string;
  hsCode: string;
  ratePct: string | number;
  effectiveFrom: string;
  effectiveTo?: string | null;
  program?: string;
}

/** A tariff in canonical form: HTS digits only, rate as its shortest decimal string. */
export interface TariffTerms {
  countryOfOrigin: string;
  hsCode: string;
  ratePct: string;
  effectiveFrom: string;
  /** Exclusive; null when open-ended. */
  effectiveTo: string | null;
  program: string;
}

export interface TariffEntry extends TariffTerms {
  id: string;
}

export interface TariffQuery {
  countryOfOrigin: string;
  hsCode: string;
  date: string;
}

/** The entry that sets one program's rate for a code on a date, and why. */
export interface ProgramRate {
  program: string;
  entry: TariffEntry;
  ratePct: ScaledRatePct;
  /** Other entries of this program and country that cover the code but lost. */
  outranked: { shorterPrefix: number; notInForce: number };
  explanation: string;
}

export interface TariffLookup {
  countryOfOrigin: string;
  hsCode: string;
  date: string;
  /** Why no tariff applies at all, e.g. US origin; null otherwise. */
  exemption: string | null;
  /** One per program with an entry in force, base first, then by name. */
  programs: ProgramRate[];
  totalRatePct: ScaledRatePct;
}

const COUNTRY = /^[A-Z]{2}$/;
const PROGRAM = /^[a-z0-9_]{1,40}$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real 'YYYY-MM-DD' day (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Every problem with a tariff input, each naming its field; empty when valid. */
export function validateTariff(input: TariffInput): string[] {
  const problems: string[] = [];
  if (!COUNTRY.test(input.countryOfOrigin)) problems.push('countryOfOrigin must be an ISO 3166-1 alpha-2 code such as CN');
  if (!isHtsCode(input.hsCode)) problems.push('hsCode must be 2–10 digits, dots optional');
  if (!isRatePct(input.ratePct)) problems.push('ratePct must be a percentage ≥ 0 with at most 6 decimals');
  if (!isCalendarDate(input.effectiveFrom)) problems.push('effectiveFrom must be a date YYYY-MM-DD');
  if (input.effectiveTo != null) {
    if (!isCalendarDate(input.effectiveTo)) problems.push('effectiveTo must be a date YYYY-MM-DD');
    else if (input.effectiveTo <= input.effectiveFrom) problems.push('effectiveTo must be after effectiveFrom (it is exclusive)');
  }
  if (input.program !== undefined && !PROGRAM.test(input.program)) {
    problems.push('program must be 1–40 lowercase letters, digits or underscores');
  }
  return problems;
}

/** Canonical terms of a valid input (see validateTariff); throws RangeError otherwise. */
export function toTariffTerms(input: TariffInput): TariffTerms {
  const problems = validateTariff(input);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  return {
    countryOfOrigin: input.countryOfOrigin,
    hsCode: normalizeHtsCode(input.hsCode),
    ratePct: formatRatePct(parseRatePct(input.ratePct)),
    effectiveFrom: input.effectiveFrom,
    effectiveTo: input.effectiveTo ?? null,
    program: input.program ?? BASE_PROGRAM,
  };
}

/** effectiveFrom ≤ date < effectiveTo, open-ended without effectiveTo. */
export function isInForce(terms: Pick<TariffTerms, 'effectiveFrom' | 'effectiveTo'>, date: string): boolean {
  return terms.effectiveFrom <= date && (terms.effectiveTo == null || date < terms.effectiveTo);
}

/**
 * An existing entry for the same country, code and program whose dates overlap the
 * candidate's: a conflict, since the schedule could then give two rates for one day.
 * Back-to-back ranges (one's effectiveTo is the other's effectiveFrom) do not overlap.
 */
export function findOverlap(existing: readonly TariffEntry[], candidate: TariffTerms): TariffEntry | undefined {
  const hsCode = normalizeHtsCode(candidate.hsCode);
  return existing.find(
    (entry) =>
      entry.countryOfOrigin === candidate.countryOfOrigin &&
      entry.program === candidate.program &&
      normalizeHtsCode(entry.hsCode) === hsCode &&
      startsBeforeEnd(entry, candidate) &&
      startsBeforeEnd(candidate, entry),
  );
}

/** Goods of US origin are not imports subject to these tariffs. */
export function originExemption(countryOfOrigin: string): string | null {
  return countryOfOrigin === 'US' ? 'US-origin goods are exempt from import tariffs' : null;
}

export function lookupTariffs(schedule: readonly TariffEntry[], query: TariffQuery): TariffLookup {
  const hsCode = normalizeHtsCode(query.hsCode);
  const exemption = originExemption(query.countryOfOrigin);
  const covering = exemption
    ? []
    : schedule.filter((entry) => entry.countryOfOrigin === query.countryOfOrigin && isHtsPrefixOf(entry.hsCode, hsCode));
  const programNames = [...new Set(covering.map((entry) => entry.program))].sort(byProgram);
  const programs = programNames.flatMap((program) => {
    const rate = programRate(covering.filter((entry) => entry.program === program), { ...query, hsCode });
    return rate ? [rate] : [];
  });
  return {
    countryOfOrigin: query.countryOfOrigin,
    hsCode,
    date: query.date,
    exemption,
    programs,
    totalRatePct: sumRatePct(programs.map((rate) => rate.ratePct)),
  };
}

function programRate(covering: TariffEntry[], query: TariffQuery): ProgramRate | null {
  const inForce = covering.filter((entry) => isInForce(entry, query.date));
  // Longest prefix first; equal prefixes cannot both be in force unless data bypassed findOverlap.
  const [winner] = [...inForce].sort(
    (a, b) =>
      normalizeHtsCode(b.hsCode).length - normalizeHtsCode(a.hsCode).length ||
      b.effectiveFrom.localeCompare(a.effectiveFrom) ||
      a.id.localeCompare(b.id),
  );
  if (!winner) return null;
  const outranked = { shorterPrefix: inForce.length - 1, notInForce: covering.length - inForce.length };
  const until = winner.effectiveTo ? `until ${winner.effectiveTo} (exclusive)` : 'with no end date';
  const explanation =
    `${winner.hsCode} is the longest ${winner.countryOfOrigin} ${winner.program} prefix of ${query.hsCode} ` +
    `in force on ${query.date}: from ${winner.effectiveFrom} ${until}; ` +
    `${outranked.shorterPrefix} shorter in-force and ${outranked.notInForce} out-of-force entries also cover the code`;
  return { program: winner.program, entry: winner, ratePct: parseRatePct(winner.ratePct), outranked, explanation };
}

function startsBeforeEnd(a: TariffTerms, b: TariffTerms): boolean {
  return b.effectiveTo == null || a.effectiveFrom < b.effectiveTo;
}

function byProgram(a: string, b: string): number {
  if (a === BASE_PROGRAM || b === BASE_PROGRAM) return a === BASE_PROGRAM ? (b === BASE_PROGRAM ? 0 : -1) : 1;
  return a.localeCompare(b);
}
