/**
 * HTS (Harmonized Tariff Schedule) codes. People write them dotted ("8543.70.99") or not
 * ("85437099"); the domain keeps digits only, 2 (chapter) to 10 (statistical suffix) of them.
 * Tariffs use shorter codes as prefixes that cover every longer code under them.
 */
const SEPARATORS = /[.\s]/g;
const HTS_DIGITS = /^\d{2,10}$/;

export function isHtsCode(raw: string): boolean {
  return HTS_DIGITS.test(raw.replace(SEPARATORS, ''));
}

/** Digits only; throws RangeError for anything `isHtsCode` refuses. */
export function normalizeHtsCode(raw: string): string {
  const digits = raw.replace(SEPARATORS, '');
  if (!HTS_DIGITS.test(digits)) throw new RangeError(`not an HTS code (2–10 digits, dots optional): ${JSON.stringify(raw)}`);
  return digits;
}

/** Whether a tariff written for `prefix` covers `code` (either may be dotted). */
export function isHtsPrefixOf(prefix: string, code: string): boolean {
  return normalizeHtsCode(code).startsWith(normalizeHtsCode(prefix));
}
