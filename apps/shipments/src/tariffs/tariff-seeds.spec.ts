import { TARIFF_SEEDS } from './tariff-seeds';
import { findOverlap, TariffEntry, toTariffTerms, validateTariff } from './tariff.rules';

describe('demo tariff seeds', () => {
  it('are valid and never overlap each other', () => {
    const inserted: TariffEntry[] = [];
    for (const seed of TARIFF_SEEDS) {
      expect(validateTariff(seed)).toEqual([]);
      const terms = toTariffTerms(seed);
      expect(findOverlap(inserted, terms)).toBeUndefined();
      inserted.push({ id: String(inserted.length), ...terms });
    }
  });
});
