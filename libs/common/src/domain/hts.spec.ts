import fc from 'fast-check';
import { isHtsCode, isHtsPrefixOf, normalizeHtsCode } from './hts';

describe('HTS codes', () => {
  it.each([
    ['8543.70.99', '85437099'],
    ['85437099', '85437099'],
    ['8471.50.0150', '8471500150'],
    ['84', '84'],
    [' 8504.40 ', '850440'],
  ])('normalizes %j to %s', (raw, digits) => {
    expect(normalizeHtsCode(raw)).toBe(digits);
  });

  it.each(['', '8', '84713000001', '8471-50', 'ABCD', '..', '８４７１'])('refuses %j', (raw) => {
    expect(isHtsCode(raw)).toBe(false);
    expect(() => normalizeHtsCode(raw)).toThrow(RangeError);
  });

  it('treats the dotted and plain forms as the same code', () => {
    const digits = fc.stringMatching(/^\d{2,10}$/);
    fc.assert(
      fc.property(digits, (code) => {
        const dotted = code.replace(/^(\d{4})(\d{1,2})?(\d{1,2})?(\d{1,2})?$/, (_, a, b, c, d) =>
          [a, b, c, d].filter(Boolean).join('.'),
        );
        return normalizeHtsCode(dotted) === code && isHtsPrefixOf(dotted, code) && isHtsPrefixOf(code, dotted);
      }),
    );
  });

  it('matches prefixes', () => {
    expect(isHtsPrefixOf('8471.50', '8471.50.0150')).toBe(true);
    expect(isHtsPrefixOf('84', '8543.70.99')).toBe(false);
    expect(isHtsPrefixOf('8471.50.0150', '8471.50')).toBe(false);
    expect(isHtsPrefixOf('85', '8543')).toBe(true);
  });
});
