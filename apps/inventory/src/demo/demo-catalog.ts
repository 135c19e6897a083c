import type { LocationKind, PartCategory } from '@app/common';

/**
 * Demo data for a first start (DEMO_DATA=true): the sites, port and bonded warehouse of a US fleet
 * buying from Shenzhen, its spare parts, and thin stock of the part that customs holds stop
 * (S21 hashboards), as domain.md describes. Data, not rules: nothing in the code depends on it.
 */
export const DEMO_LOCATIONS: Array<{ code: string; name: string; kind: LocationKind; region?: string; dailyStorageRateUsd?: string }> = [
  { code: 'TX-ROCKDALE', name: 'Rockdale mine (Texas)', kind: 'mine_site', region: 'US-TX' },
  { code: 'ND-WILLISTON', name: 'Williston mine (North Dakota)', kind: 'mine_site', region: 'US-ND' },
  { code: 'OK-ENID', name: 'Enid mine (Oklahoma)', kind: 'mine_site', region: 'US-OK' },
  { code: 'AR-BLYTHEVILLE', name: 'Blytheville mine (Arkansas)', kind: 'mine_site', region: 'US-AR' },
  { code: 'US-HOU-PORT', name: 'Port of Houston', kind: 'port', region: 'US-TX' },
  { code: 'HOU-BONDED-1', name: 'Houston bonded warehouse', kind: 'bonded_warehouse', region: 'US-TX', dailyStorageRateUsd: '35.00' },
  { code: 'CN-SZ-SUPPLIER', name: 'Shenzhen parts supplier', kind: 'supplier', region: 'CN-GD' },
];

export const DEMO_PARTS: Array<{
  sku: string; name: string; category: PartCategory; compatibleModels: string[]; serialized: boolean; unitCostUsd: string;
}> = [
  { sku: 'HB-S21-200', name: 'Antminer S21 hashboard', category: 'hashboard', compatibleModels: ['S21'], serialized: true, unitCostUsd: '800.00' },
  { sku: 'HB-S19-95', name: 'Antminer S19 hashboard', category: 'hashboard', compatibleModels: ['S19'], serialized: true, unitCostUsd: '520.00' },
  { sku: 'PSU-APW12', name: 'APW12 power supply', category: 'psu', compatibleModels: ['S19', 'S21', 'T21'], serialized: false, unitCostUsd: '130.00' },
  { sku: 'FAN-12038', name: '12038 cooling fan', category: 'fan', compatibleModels: ['S19', 'S21', 'T21'], serialized: false, unitCostUsd: '15.00' },
  { sku: 'CB-S21', name: 'Antminer S21 control board', category: 'control_board', compatibleModels: ['S21', 'T21'], serialized: false, unitCostUsd: '120.00' },
  { sku: 'HB-M60', name: 'Whatsminer M60 hashboard', category: 'hashboard', compatibleModels: ['M60'], serialized: true, unitCostUsd: '650.00' },
  { sku: 'PSU-P222B', name: 'Whatsminer P222B power supply', category: 'psu', compatibleModels: ['M50', 'M60'], serialized: false, unitCostUsd: '110.00' },
];

/** Stock on hand at each repair center; S21 hashboards are the short part. */
export const DEMO_STOCK: Array<{ sku: string; locationCode: string; quantity: number; reorderPoint: number }> = [
  { sku: 'FAN-12038', locationCode: 'AR-REPAIR', quantity: 30, reorderPoint: 20 },
  { sku: 'FAN-12038', locationCode: 'ND-REPAIR', quantity: 25, reorderPoint: 20 },
  { sku: 'FAN-12038', locationCode: 'OK-REPAIR', quantity: 22, reorderPoint: 20 },
  { sku: 'PSU-APW12', locationCode: 'ND-REPAIR', quantity: 6, reorderPoint: 10 },
  { sku: 'PSU-APW12', locationCode: 'OK-REPAIR', quantity: 4, reorderPoint: 10 },
  { sku: 'CB-S21', locationCode: 'AR-REPAIR', quantity: 5, reorderPoint: 3 },
  { sku: 'CB-S21', locationCode: 'OK-REPAIR', quantity: 3, reorderPoint: 3 },
  { sku: 'HB-S19-95', locationCode: 'ND-REPAIR', quantity: 3, reorderPoint: 4 },
  { sku: 'HB-M60', locationCode: 'OK-REPAIR', quantity: 4, reorderPoint: 2 },
  { sku: 'PSU-P222B', locationCode: 'AR-REPAIR', quantity: 8, reorderPoint: 4 },
  { sku: 'HB-S21-200', locationCode: 'AR-REPAIR', quantity: 0, reorderPoint: 6 },
  { sku: 'HB-S21-200', locationCode: 'ND-REPAIR', quantity: 0, reorderPoint: 6 },
  { sku: 'HB-S21-200', locationCode: 'OK-REPAIR', quantity: 0, reorderPoint: 6 },
];
