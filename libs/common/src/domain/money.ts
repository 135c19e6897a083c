/**
 * USD money, exact. Amounts are integer cents held in a `bigint`: no float drift, no
 * overflow at any fleet size, and mixing a cent count with a float is a type error.
 * They travel as decimal strings ("550.00") and are parsed and formatted only at the edges.
 *
 * Parsers throw RangeError on bad input: validate request fields first with `isUsdAmount`
 * and `isRatePct`, so a throw here means unvalidated data reached the domain.
 */
export type Cents = bigint;

/** A percentage scaled by 10^6 ("24.5" → 24_500_000n): exact for fee rates like 0.3464%. */
export type ScaledRatePct = bigint;

const USD_AMOUNT = /^(\d{1,15})(?:\.(\d{1,2}))?$/;
const RATE_PCT = /^(\d{1,4})(?:\.(\d{1,6}))?$/;
const RATE_DECIMALS = 6;
const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);
/** cents × scaled rate / this = cents: 100 for the percent, 10^6 for the rate's scale. */
const PERCENT_DENOMINATOR = 100n * RATE_SCALE;

/** A non-negative USD amount with at most two decimals and 15 integer digits: "550", "550.5", "550.00". */
export function isUsdAmount(value: string): boolean {
  return USD_AMOUNT.test(value);
}

export function parseUsd(value: string): Cents {
  const match = USD_AMOUNT.exec(value);
  if (!match) throw new RangeError(`not a USD amount: ${JSON.stringify(value)}`);
  const [, dollars, fraction = ''] = match;
  return BigInt(dollars) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** Always two decimals, a leading minus for negative amounts (e.g. a what-if saving). */
export function formatUsd(amount: Cents): string {
  const sign = amount < 0n ? '-' : '';
  const magnitude = amount < 0n ? -amount : amount;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

/**
 * A non-negative percentage, as a decimal string or a number, with at most 6 decimals and
 * 4 integer digits. Numbers are read through their shortest decimal form, so 7.5 is exact
 * but 0.1 + 0.2 (0.30000000000000004) is refused rather than silently rounded.
 */
export function isRatePct(value: string | number): boolean {
  return RATE_PCT.test(rateText(value));
}

export function parseRatePct(value: string | number): ScaledRatePct {
  const match = RATE_PCT.exec(rateText(value));
  if (!match) throw new RangeError(`not a percentage: ${JSON.stringify(value)}`);
  const [, whole, fraction = ''] = match;
  return BigInt(whole) * RATE_SCALE + BigInt(fraction.padEnd(RATE_DECIMALS, '0'));
}

/** The shortest decimal form: "55", "24.5", "0.3464". */
export function formatRatePct(rate: ScaledRatePct): string {
  const fraction = (rate % RATE_SCALE).toString().padStart(RATE_DECIMALS, '0').replace(/0+$/, '');
  const whole = (rate / RATE_SCALE).toString();
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Adds percentages exactly, e.g. the stacked programs of one tariff line. */
export function sumRatePct(rates: Iterable<ScaledRatePct>): ScaledRatePct {
  let total = 0n;
  for (const rate of rates) total += rate;
  return total;
}

/** `ratePct` percent of `amount`, rounded half-up to the cent (half away from zero below 0). */
export function percentOf(amount: Cents, ratePct: string | number | ScaledRatePct): Cents {
  const scaled = typeof ratePct === 'bigint' ? ratePct : parseRatePct(ratePct);
  return divideHalfUp(amount * scaled, PERCENT_DENOMINATOR);
}

/** Integer division rounded half-up (half away from zero for negative quotients). */
export function divideHalfUp(numerator: bigint, divisor: bigint | number): bigint {
  const denominator = BigInt(divisor);
  if (denominator <= 0n) throw new RangeError(`divisor must be positive, got ${denominator}`);
  if (numerator < 0n) return -divideHalfUp(-numerator, denominator);
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export function sumCents(amounts: Iterable<Cents>): Cents {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}

export function clampCents(amount: Cents, min: Cents, max: Cents): Cents {
  if (min > max) throw new RangeError(`minimum ${formatUsd(min)} is above maximum ${formatUsd(max)}`);
  return amount < min ? min : amount > max ? max : amount;
}

/**
 * Splits `total` cents in proportion to `weights` (declared values, quantities) by the
 * largest-remainder method, so the parts always sum to `total` exactly and each part is
 * within one cent of its exact share. Ties go to the earlier weight, so the split is
 * deterministic. All-zero weights split evenly.
 */
export function allocate(total: Cents, weights: readonly (bigint | number)[]): Cents[] {
  if (total < 0n) throw new RangeError(`cannot allocate a negative total: ${formatUsd(total)}`);
  if (weights.length === 0) {
    if (total === 0n) return [];
    throw new RangeError(`cannot allocate ${formatUsd(total)} over no weights`);
  }
  const given = weights.map(toWeight);
  const effective = given.every((weight) => weight === 0n) ? given.map(() => 1n) : given;
  const weightSum = sumCents(effective);
  const parts = effective.map((weight) => (total * weight) / weightSum);
  const leftover = Number(total - sumCents(parts));
  const byRemainder = effective
    .map((weight, index) => ({ index, remainder: (total * weight) % weightSum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder.slice(0, leftover)) parts[index] += 1n;
  return parts;
}

function toWeight(weight: bigint | number): bigint {
  if (typeof weight === 'number' && !Number.isSafeInteger(weight)) {
    throw new RangeError(`allocation weight must be an integer, got ${weight}`);
  }
  const value = BigInt(weight);
  if (value < 0n) throw new RangeError(`allocation weight must not be negative, got ${value}`);
  return value;
}

function rateText(value: string | number): string {
  return typeof value === 'number' ? String(value) : value;
}
