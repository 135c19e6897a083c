/** Which maker's parts a machine model needs, so a scenario can cut off one maker (contract: fleet[].maker). */

export type Maker = 'Bitmain' | 'MicroBT' | 'Canaan' | 'Auradine' | 'unknown';

const MAKER_PATTERNS: [RegExp, Maker][] = [
  [/^(bitmain|antminer|s19|s21|t21)/, 'Bitmain'],
  [/^(microbt|whatsminer|m[1-9]\d)/, 'MicroBT'],
  [/^(canaan|avalon)/, 'Canaan'],
  [/^(auradine|teraflux)/, 'Auradine'],
];

export function makerOfModel(model: string): Maker {
  const name = model.trim().toLowerCase();
  return MAKER_PATTERNS.find(([pattern]) => pattern.test(name))?.[1] ?? 'unknown';
}
