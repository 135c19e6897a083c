/**
 * Demo tariff schedule inserted on first start, from the 2025 trade-press figures: China first
 * at 104%, later 55%; Indonesia, Thailand and Malaysia between 24% and 36%. The exact dates
 * are illustrative. US-origin goods need no rows: the exemption is a rule (originExemption).
 * Codes are the HTS lines ASIC miners and their spare parts enter under.
 */
export interface TariffSeed {
  countryOfOrigin: string;
  hsCode: string;
  ratePct: string;
  effectiveFrom: string;
  effectiveTo?: string;
  program: string;
  note: string;
}

export const TARIFF_SEEDS: readonly TariffSeed[] = [
  { countryOfOrigin: 'CN', hsCode: '8471.50', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28', program: 'base', note: 'China, first April rate: ASIC miners (processing units)' },
  { countryOfOrigin: 'CN', hsCode: '8471.50', ratePct: '55', effectiveFrom: '2025-04-28', program: 'base', note: 'China, later rate: ASIC miners (processing units)' },
  { countryOfOrigin: 'CN', hsCode: '8473.30', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28', program: 'base', note: 'China, first April rate: hashboards and control boards (parts of 8471 machines)' },
  { countryOfOrigin: 'CN', hsCode: '8473.30', ratePct: '55', effectiveFrom: '2025-04-28', program: 'base', note: 'China, later rate: hashboards and control boards (parts of 8471 machines)' },
  { countryOfOrigin: 'CN', hsCode: '8504.40', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28', program: 'base', note: 'China, first April rate: power supplies (static converters)' },
  { countryOfOrigin: 'CN', hsCode: '8504.40', ratePct: '55', effectiveFrom: '2025-04-28', program: 'base', note: 'China, later rate: power supplies (static converters)' },
  { countryOfOrigin: 'CN', hsCode: '8414.59', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28', program: 'base', note: 'China, first April rate: cooling fans' },
  { countryOfOrigin: 'CN', hsCode: '8414.59', ratePct: '55', effectiveFrom: '2025-04-28', program: 'base', note: 'China, later rate: cooling fans' },
  { countryOfOrigin: 'CN', hsCode: '8543.70', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28', program: 'base', note: 'China, first April rate: ASIC miners as classified by some brokers (other electrical machines)' },
  { countryOfOrigin: 'CN', hsCode: '8543.70', ratePct: '55', effectiveFrom: '2025-04-28', program: 'base', note: 'China, later rate: ASIC miners as classified by some brokers (other electrical machines)' },
  { countryOfOrigin: 'ID', hsCode: '8471.50', ratePct: '32', effectiveFrom: '2025-04-09', program: 'base', note: 'Indonesia: ASIC miners (processing units)' },
  { countryOfOrigin: 'ID', hsCode: '8473.30', ratePct: '32', effectiveFrom: '2025-04-09', program: 'base', note: 'Indonesia: hashboards and control boards (parts of 8471 machines)' },
  { countryOfOrigin: 'ID', hsCode: '8504.40', ratePct: '32', effectiveFrom: '2025-04-09', program: 'base', note: 'Indonesia: power supplies (static converters)' },
  { countryOfOrigin: 'ID', hsCode: '8414.59', ratePct: '32', effectiveFrom: '2025-04-09', program: 'base', note: 'Indonesia: cooling fans' },
  { countryOfOrigin: 'ID', hsCode: '8543.70', ratePct: '32', effectiveFrom: '2025-04-09', program: 'base', note: 'Indonesia: ASIC miners as classified by some brokers (other electrical machines)' },
  { countryOfOrigin: 'TH', hsCode: '8471.50', ratePct: '36', effectiveFrom: '2025-04-09', program: 'base', note: 'Thailand: ASIC miners (processing units)' },
  { countryOfOrigin: 'TH', hsCode: '8473.30', ratePct: '36', effectiveFrom: '2025-04-09', program: 'base', note: 'Thailand: hashboards and control boards (parts of 8471 machines)' },
  { countryOfOrigin: 'TH', hsCode: '8504.40', ratePct: '36', effectiveFrom: '2025-04-09', program: 'base', note: 'Thailand: power supplies (static converters)' },
  { countryOfOrigin: 'TH', hsCode: '8414.59', ratePct: '36', effectiveFrom: '2025-04-09', program: 'base', note: 'Thailand: cooling fans' },
  { countryOfOrigin: 'TH', hsCode: '8543.70', ratePct: '36', effectiveFrom: '2025-04-09', program: 'base', note: 'Thailand: ASIC miners as classified by some brokers (other electrical machines)' },
  { countryOfOrigin: 'MY', hsCode: '8471.50', ratePct: '24', effectiveFrom: '2025-04-09', program: 'base', note: 'Malaysia: ASIC miners (processing units)' },
  { countryOfOrigin: 'MY', hsCode: '8473.30', ratePct: '24', effectiveFrom: '2025-04-09', program: 'base', note: 'Malaysia: hashboards and control boards (parts of 8471 machines)' },
  { countryOfOrigin: 'MY', hsCode: '8504.40', ratePct: '24', effectiveFrom: '2025-04-09', program: 'base', note: 'Malaysia: power supplies (static converters)' },
  { countryOfOrigin: 'MY', hsCode: '8414.59', ratePct: '24', effectiveFrom: '2025-04-09', program: 'base', note: 'Malaysia: cooling fans' },
  { countryOfOrigin: 'MY', hsCode: '8543.70', ratePct: '24', effectiveFrom: '2025-04-09', program: 'base', note: 'Malaysia: ASIC miners as classified by some brokers (other electrical machines)' },
];
