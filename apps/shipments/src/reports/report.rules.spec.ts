import fc from 'fast-check';
import { parseUsd, sumCents } from '@app/common/domain';
import { SHIPMENT_STATUSES } from '../shipments/shipment-status.rules';
import {
  dutyByOriginAndMonth,
  dutyByOriginAndMonthCsv,
  ShipmentForReport,
  shipmentsByLane,
  shipmentsByOrigin,
  shipmentsByStatus,
} from './report.rules';

const shipments: ShipmentForReport[] = [
  { status: 'held', originCountry: 'CN', destinationCode: 'RC-OKLAHOMA' },
  { status: 'held', originCountry: 'CN', destinationCode: 'RC-OKLAHOMA' },
  { status: 'delivered', originCountry: 'MY', destinationCode: 'RC-ARKANSAS' },
  { status: 'in_transit', originCountry: 'CN', destinationCode: 'RC-NORTH-DAKOTA' },
];

describe('shipment reports', () => {
  it('counts every status, zeros included', () => {
    expect(shipmentsByStatus(shipments)).toEqual({ created: 0, in_transit: 1, at_port: 0, held: 2, released: 0, delivered: 1 });
  });

  it('counts lanes and origins, busiest first', () => {
    expect(shipmentsByLane(shipments).map((row) => [row.lane, row.count])).toEqual([
      ['CN->RC-OKLAHOMA', 2],
      ['CN->RC-NORTH-DAKOTA', 1],
      ['MY->RC-ARKANSAS', 1],
    ]);
    expect(shipmentsByOrigin(shipments)).toEqual([
      { originCountry: 'CN', count: 3 },
      { originCountry: 'MY', count: 1 },
    ]);
  });

  it('counts each shipment once in every grouping', () => {
    const shipment = fc.record({
      status: fc.constantFrom(...SHIPMENT_STATUSES),
      originCountry: fc.constantFrom('CN', 'ID', 'TH', 'MY', 'US'),
      destinationCode: fc.constantFrom('RC-A', 'RC-B'),
    });
    fc.assert(
      fc.property(fc.array(shipment), (all) => {
        const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
        expect(total(Object.values(shipmentsByStatus(all)))).toBe(all.length);
        expect(total(shipmentsByLane(all).map((row) => row.count))).toBe(all.length);
        expect(total(shipmentsByOrigin(all).map((row) => row.count))).toBe(all.length);
      }),
    );
  });
});

describe('duty report', () => {
  const lines = [
    { countryOfOrigin: 'CN', entryDate: '2025-05-02', dutyUsd: '302.50' },
    { countryOfOrigin: 'CN', entryDate: '2025-05-30', dutyUsd: '0.10' },
    { countryOfOrigin: 'MY', entryDate: '2025-05-03', dutyUsd: '0.20' },
    { countryOfOrigin: 'CN', entryDate: '2025-04-20', dutyUsd: '572.00' },
  ];

  it('sums exactly by month and origin', () => {
    const rows = dutyByOriginAndMonth(lines);
    expect(rows).toEqual([
      { month: '2025-04', countryOfOrigin: 'CN', lineCount: 1, dutyUsd: '572.00' },
      { month: '2025-05', countryOfOrigin: 'CN', lineCount: 2, dutyUsd: '302.60' },
      { month: '2025-05', countryOfOrigin: 'MY', lineCount: 1, dutyUsd: '0.20' },
    ]);
    expect(sumCents(rows.map((row) => parseUsd(row.dutyUsd)))).toBe(sumCents(lines.map((line) => parseUsd(line.dutyUsd))));
  });

  it('writes CSV', () => {
    expect(dutyByOriginAndMonthCsv(dutyByOriginAndMonth(lines.slice(0, 1)))).toBe(
      'month,countryOfOrigin,lineCount,dutyUsd\r\n2025-05,CN,1,302.50\r\n',
    );
  });
});
