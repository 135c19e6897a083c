import type { CreateShipmentDto, TrackingEventInput } from '../shipments/shipment.dto';

type DemoEvent = Omit<TrackingEventInput, 'at'> & { daysAgo: number };

const LANE = { originCountry: 'CN', originLocation: 'Shenzhen', portOfEntry: 'Houston', carrier: 'COSCO', freightUsd: '1850.00' };

/**
 * Three Shenzhen → Houston shipments of spare parts to the repair centers: one delivered, one in
 * transit, one held by customs (domain.md's "Operation Red Sunset"). Data, not rules.
 */
export const DEMO_SHIPMENTS: Array<{ shipment: CreateShipmentDto; events: DemoEvent[] }> = [
  {
    shipment: {
      ...LANE,
      reference: 'DEMO-SZX-HOU-0001',
      destinationCode: 'AR-REPAIR',
      trackingNumber: 'COSU6100000001',
      lines: [
        { sku: 'PSU-APW12', quantity: 40, declaredValueUsd: '5200.00', hsCode: '8504.40.95', countryOfOrigin: 'CN' },
        { sku: 'FAN-12038', quantity: 120, declaredValueUsd: '1800.00', hsCode: '8414.59.65', countryOfOrigin: 'CN' },
      ],
    },
    events: [
      { type: 'departed', daysAgo: 45, location: 'Shenzhen (Yantian)' },
      { type: 'arrived_at_port', daysAgo: 17, location: 'Port of Houston' },
      { type: 'delivered', daysAgo: 14, location: 'AR-REPAIR' },
    ],
  },
  {
    shipment: {
      ...LANE,
      reference: 'DEMO-SZX-HOU-0002',
      destinationCode: 'ND-REPAIR',
      trackingNumber: 'COSU6100000002',
      lines: [
        { sku: 'HB-S21-200', quantity: 12, declaredValueUsd: '9600.00', hsCode: '8473.30.11', countryOfOrigin: 'CN' },
        { sku: 'FAN-12038', quantity: 60, declaredValueUsd: '900.00', hsCode: '8414.59.65', countryOfOrigin: 'CN' },
      ],
    },
    events: [{ type: 'departed', daysAgo: 10, location: 'Shenzhen (Yantian)' }],
  },
  {
    shipment: {
      ...LANE,
      reference: 'DEMO-SZX-HOU-0003',
      destinationCode: 'OK-REPAIR',
      trackingNumber: 'COSU6100000003',
      lines: [
        { sku: 'HB-S21-200', quantity: 24, declaredValueUsd: '19200.00', hsCode: '8473.30.11', countryOfOrigin: 'CN' },
        { sku: 'PSU-APW12', quantity: 20, declaredValueUsd: '2600.00', hsCode: '8504.40.95', countryOfOrigin: 'CN' },
      ],
    },
    events: [
      { type: 'departed', daysAgo: 32, location: 'Shenzhen (Yantian)' },
      { type: 'arrived_at_port', daysAgo: 9, location: 'Port of Houston' },
      {
        type: 'customs_hold',
        daysAgo: 8,
        location: 'Port of Houston',
        holdReason: 'inspection',
        agency: 'CBP',
        note: 'Operation Red Sunset: detained for hardware inspection, chips and firmware under examination',
        dailyStorageRateUsd: '35.00',
        freeStorageDays: 3,
      },
    ],
  },
];
