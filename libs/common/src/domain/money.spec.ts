import fc from 'fast-check';
import {
  allocate,
  clampCents,
  divideHalfUp,
  formatRatePct,
  formatUsd,
  isRatePct,
  isUsdAmount,
  parseRatePct,
  parseUsd,
  percentOf,
  sumCents,
  sumRatePct,
} from './money';

const cents = fc.bigInt({ min: 0n, max: 10n ** 17n - 1n });

describe('USD amounts', () => {
  it.each([
    ['550.00', 55000n],
    ['550', 55000n],
    ['550.5', 55050n],
    ['0.01', 1n],
    ['007.10', 710n],
  ])('parses %s as %d cents', (text, expected) => {
    expect(parseUsd(text)).toBe(expected);
  });

  it.each(['', '-1.00', '+1', '1.234', '.50', '1.', '1e3', ' 1.00', '1,000.00', '1234567890123456'])(
    'refuses %j',
    (text) => {
      expect(isUsdAmount(text)).toBe(false);
      expect(() => parseUsd(text)).toThrow(RangeError);
    },
  );

  it('formats with two decimals and a sign', () => {
    expect(formatUsd(30250n)).toBe('302.50');
    expect(formatUsd(5n)).toBe('0.05');
    expect(formatUsd(0n)).toBe('0.00');
    expect(formatUsd(-150n)).toBe('-1.50');
  });

  it('round-trips every amount', () => {
    fc.assert(fc.property(cents, (amount) => parseUsd(formatUsd(amount)) === amount));
  });

  it('sums exactly', () => {
    expect(sumCents([parseUsd('0.10'), parseUsd('0.20')])).toBe(parseUsd('0.30'));
    expect(sumCents([])).toBe(0n);
  });

  it('clamps to a minimum and a maximum', () => {
    expect(clampCents(100n, 3271n, 63462n)).toBe(3271n);
    expect(clampCents(99999n, 3271n, 63462n)).toBe(63462n);
    expect(clampCents(5000n, 3271n, 63462n)).toBe(5000n);
    expect(() => clampCents(1n, 2n, 1n)).toThrow(RangeError);
  });
});

describe('percentages', () => {
  it.each([
    [104, '104'],
    ['24.5', '24.5'],
    ['7.5', '7.5'],
    [7.5, '7.5'],
    ['0.3464', '0.3464'],
    ['55.000', '55'],
    [0, '0'],
  ])('reads %j exactly', (input, formatted) => {
    expect(formatRatePct(parseRatePct(input))).toBe(formatted);
  });

  it.each([-1, '-1', 0.1 + 0.2, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, '1e2', '10000', '1.1234567', ''])(
    'refuses %j',
    (input) => {
      expect(isRatePct(input)).toBe(false);
      expect(() => parseRatePct(input)).toThrow(RangeError);
    },
  );

  it('computes the contract example: 55% of 550.00 is 302.50', () => {
    expect(formatUsd(percentOf(parseUsd('550.00'), '55'))).toBe('302.50');
  });

  it('rounds half-up to the cent', () => {
    expect(percentOf(1n, 50)).toBe(1n); // 0.5 cent
    expect(percentOf(1n, '49.999999')).toBe(0n);
    expect(percentOf(parseUsd('10.01'), 24.5)).toBe(245n); // 2.45245
    expect(percentOf(parseUsd('0.03'), 50)).toBe(2n); // 1.5 cents
    expect(percentOf(-3n, 50)).toBe(-2n);
  });

  it('avoids binary float error on rates like 7.5 and 0.3464', () => {
    expect(percentOf(parseUsd('100000.00'), 0.3464)).toBe(parseUsd('346.40'));
    expect(percentOf(parseUsd('1.00'), '7.5')).toBe(8n); // 7.5 cents, half-up
  });

  it('accepts an already scaled rate', () => {
    expect(percentOf(parseUsd('550.00'), sumRatePct([parseRatePct(30), parseRatePct(25)]))).toBe(30250n);
  });

  it('stays within half a cent of the exact value', () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 0, max: 999_999_999 }), (amount, scaled) => {
        const rate = BigInt(scaled);
        const exactScaled = amount * rate; // the exact duty, in 10^-8 cents
        const error = percentOf(amount, rate) * 10n ** 8n - exactScaled;
        return error <= 5n * 10n ** 7n && error > -5n * 10n ** 7n;
      }),
    );
  });

  it('divides half-up and refuses a non-positive divisor', () => {
    expect(divideHalfUp(5n, 2)).toBe(3n);
    expect(divideHalfUp(4n, 3n)).toBe(1n);
    expect(divideHalfUp(-5n, 2)).toBe(-3n);
    expect(() => divideHalfUp(1n, 0)).toThrow(RangeError);
  });
});

describe('allocate', () => {
  it('splits by largest remainder', () => {
    expect(allocate(100n, [1, 1, 1])).toEqual([34n, 33n, 33n]);
    expect(allocate(1000n, [55000n, 30000n, 15000n])).toEqual([550n, 300n, 150n]);
    expect(allocate(10n, [1, 2])).toEqual([3n, 7n]);
  });

  it('splits evenly over all-zero weights and gives nothing to zero weights otherwise', () => {
    expect(allocate(5n, [0, 0])).toEqual([3n, 2n]);
    expect(allocate(5n, [0, 3])).toEqual([0n, 5n]);
  });

  it('refuses a negative total, negative or fractional weights, and no weights', () => {
    expect(() => allocate(-1n, [1])).toThrow(RangeError);
    expect(() => allocate(1n, [-1, 2])).toThrow(RangeError);
    expect(() => allocate(1n, [1.5])).toThrow(RangeError);
    expect(() => allocate(1n, [])).toThrow(RangeError);
    expect(allocate(0n, [])).toEqual([]);
  });

  it('always sums to the total, each part within a cent of its exact share', () => {
    fc.assert(
      fc.property(cents, fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 30 }), (total, weights) => {
        const parts = allocate(total, weights);
        const weightSum = weights.reduce((a, b) => a + b, 0n);
        const shares = weightSum === 0n ? weights.map(() => 1n) : weights;
        const shareSum = weightSum === 0n ? BigInt(weights.length) : weightSum;
        return (
          sumCents(parts) === total &&
          parts.every((part, i) => {
            const exactTimesSum = total * shares[i];
            return part * shareSum - exactTimesSum < shareSum && exactTimesSum - part * shareSum < shareSum;
          })
        );
      }),
    );
  });
});
