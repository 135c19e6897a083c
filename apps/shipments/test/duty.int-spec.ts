import { randomUUID } from 'node:crypto';
import { ApiClient, eventually, TestStack } from '../../../test/support/stack';

const cents = (usd: string) => Math.round(Number(usd) * 100);

describe('shipments: tariffs, duty on the entry date, landed cost, what-if and reports', () => {
  let stack: TestStack;
  let client: ApiClient;

  const tariffs = [
    { countryOfOrigin: 'CN', hsCode: '8504.40', ratePct: 104, effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28' },
    { countryOfOrigin: 'CN', hsCode: '850440', ratePct: '55', effectiveFrom: '2025-04-28' },
    { countryOfOrigin: 'CN', hsCode: '8504.40', ratePct: '25', effectiveFrom: '2025-01-01', program: 'section_301' },
    { countryOfOrigin: 'CN', hsCode: '85', ratePct: '10', effectiveFrom: '2025-01-01' },
    { countryOfOrigin: 'CN', hsCode: '8473.30', ratePct: '104', effectiveFrom: '2025-04-09', effectiveTo: '2025-04-28' },
    { countryOfOrigin: 'CN', hsCode: '8473.30', ratePct: '55', effectiveFrom: '2025-04-28' },
    { countryOfOrigin: 'MY', hsCode: '8504.40', ratePct: '24', effectiveFrom: '2025-04-09' },
  ];

  const lines = (tag: string) => [
    { sku: `PSU-${tag}`, quantity: 10, declaredValueUsd: '1000.00', hsCode: '8504.40.95', countryOfOrigin: 'CN' },
    { sku: `NIC-${tag}`, quantity: 4, declaredValueUsd: '200.00', hsCode: '8517.62.00', countryOfOrigin: 'CN' },
    { sku: `AUR-${tag}`, quantity: 1, declaredValueUsd: '500.00', hsCode: '85044095', countryOfOrigin: 'US' },
    { sku: `HB-${tag}`, quantity: 5, declaredValueUsd: '1000.00', hsCode: '8473.30.11', countryOfOrigin: 'CN', returnAfterRepair: true, repairValueUsd: '100.00' },
  ];

  async function shipment(reference: string, events: Array<Record<string, unknown>>, destinationCode = 'AR-REPAIR') {
    const created = await client.post('/shipments', {
      reference, originCountry: 'CN', destinationCode, portOfEntry: 'Houston', freightUsd: '300.00', lines: lines(reference),
    });
    expect(created.status).toBe(201);
    for (const event of events) expect((await client.post(`/shipments/${created.body.id}/events`, event)).status).toBe(201);
    return created.body.id as string;
  }

  const toPort = (arrivedAt: string) => [
    { type: 'departed', at: '2025-03-20T00:00:00Z' },
    { type: 'arrived_at_port', at: `${arrivedAt}T08:00:00Z` },
  ];

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'shipments']);
    client = stack.client('shipments');
    for (const tariff of tariffs) {
      const response = await client.post('/tariffs', tariff);
      expect(response.status).toBe(201);
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores tariffs canonically, refuses overlaps (409) and bad fields (400), and explains lookups', async () => {
    const listed = await client.get('/tariffs?countryOfOrigin=CN&hsCode=8504.40');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((tariff: { ratePct: string }) => tariff.ratePct).sort()).toEqual(['104', '25', '55']);
    expect(listed.body.items.every((tariff: { hsCode: string }) => tariff.hsCode === '850440')).toBe(true);

    const overlap = await client.post('/tariffs', { countryOfOrigin: 'CN', hsCode: '8504.40', ratePct: '60', effectiveFrom: '2025-06-01' });
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('tariff_overlap');
    const otherProgram = await client.post('/tariffs', { countryOfOrigin: 'CN', hsCode: '8504.40', ratePct: '5', effectiveFrom: '2024-01-01', effectiveTo: '2025-01-01', program: 'section_301' });
    expect(otherProgram.status).toBe(201);

    const bad = await client.post('/tariffs', { countryOfOrigin: 'ZZ', hsCode: '8', ratePct: '-1', effectiveFrom: '2025-02-30', extra: 1 });
    expect(bad.status).toBe(400);
    const text = bad.body.message.join('\n');
    for (const field of ['countryOfOrigin', 'hsCode', 'ratePct', 'effectiveFrom', 'extra']) expect(text).toContain(field);
    const backwards = await client.post('/tariffs', { countryOfOrigin: 'TH', hsCode: '8504', ratePct: 36, effectiveFrom: '2025-05-01', effectiveTo: '2025-04-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.message.join()).toContain('effectiveTo');

    const manager = await client.post('/api-keys', { role: 'mine_manager', name: 'duty-manager' });
    expect((await client.withKey(manager.body.key).post('/tariffs', { countryOfOrigin: 'TH', hsCode: '8504', ratePct: 36, effectiveFrom: '2025-04-09' })).status).toBe(403);

    const dotted = await client.get('/tariffs/lookup?countryOfOrigin=CN&hsCode=8504.40.95&date=2025-04-20');
    const plain = await client.get('/tariffs/lookup?countryOfOrigin=CN&hsCode=85044095&date=2025-04-20');
    expect(dotted.status).toBe(200);
    expect(plain.body).toEqual(dotted.body);
    expect(dotted.body.totalRatePct).toBe('129');
    expect(dotted.body.programs.map((program: { program: string; ratePct: string }) => [program.program, program.ratePct])).toEqual([
      ['base', '104'], ['section_301', '25'],
    ]);
    expect(dotted.body.programs[0].outranked).toEqual({ shorterPrefix: 1, notInForce: 1 });
    expect(dotted.body.programs[0].explanation).toContain('850440');
    const us = await client.get('/tariffs/lookup?countryOfOrigin=US&hsCode=8504.40.95&date=2025-04-20');
    expect(us.body).toMatchObject({ exemption: expect.stringContaining('US'), programs: [], totalRatePct: '0' });
  });

  it('assesses duty at the rate in force on the arrival date: China 104% then 55%, longest prefix, stacked programs, US exempt, 9802', async () => {
    const april = await shipment('DUTY-APR-1', toPort('2025-04-20'));
    const duty = await client.get(`/shipments/${april}/duty`);
    expect(duty.status).toBe(200);
    expect(duty.body).toMatchObject({ entryDate: '2025-04-20', entryDateBasis: 'arrived_at_port', provisional: false, allocatedBy: 'value' });
    const bySku = Object.fromEntries(duty.body.lines.map((line: { sku: string }) => [line.sku.split('-')[0], line]));
    expect(bySku.PSU).toMatchObject({ hsCode: '85044095', ratePct: '129', dutyUsd: '1290.00', basis: 'tariff' });
    expect(bySku.PSU.programs.map((program: { program: string; dutyUsd: string }) => [program.program, program.dutyUsd])).toEqual([
      ['base', '1040.00'], ['section_301', '250.00'],
    ]);
    expect(bySku.NIC).toMatchObject({ ratePct: '10', dutyUsd: '20.00' });
    expect(bySku.NIC.programs[0].hsCode).toBe('85');
    expect(bySku.AUR).toMatchObject({ ratePct: '0', dutyUsd: '0.00', basis: 'exempt_origin', tariffId: null });
    expect(bySku.HB).toMatchObject({ ratePct: '104', dutyUsd: '104.00', dutiableValueUsd: '100.00', returnedAfterRepair: true });
    expect(typeof bySku.PSU.tariffId).toBe('string');
    expect(duty.body.totalDutyUsd).toBe('1414.00');
    // 2700.00 declared + 1414.00 duty + 300.00 freight + MPF 32.71 (minimum) + HMF 3.38 (0.125%)
    expect(duty.body).toMatchObject({ declaredValueUsd: '2700.00', freightUsd: '300.00', merchandiseProcessingFeeUsd: '32.71', harborMaintenanceFeeUsd: '3.38' });
    expect(duty.body.landedCostUsd).toBe('4450.09');
    const lineSum = duty.body.lines.reduce((sum: number, line: { landedCostUsd: string }) => sum + cents(line.landedCostUsd), 0);
    expect(lineSum).toBe(cents(duty.body.landedCostUsd));
    expect(duty.body.lines.reduce((sum: number, line: { freightUsd: string }) => sum + cents(line.freightUsd), 0)).toBe(30000);

    const may = await shipment('DUTY-MAY-1', toPort('2025-05-02'));
    const mayDuty = await client.get(`/shipments/${may}/duty`);
    expect(mayDuty.body.entryDate).toBe('2025-05-02');
    expect(mayDuty.body.totalDutyUsd).toBe('875.00');
    const detail = await client.get(`/shipments/${may}`);
    expect(detail.body.duty).toMatchObject({ entryDate: '2025-05-02', totalDutyUsd: '875.00', landedCostUsd: mayDuty.body.landedCostUsd });

    const notArrived = await shipment('DUTY-NOW-1', [{ type: 'departed', at: '2025-05-01T00:00:00Z' }]);
    const today = await client.get(`/shipments/${notArrived}/duty`);
    expect(today.body).toMatchObject({ entryDate: new Date().toISOString().slice(0, 10), entryDateBasis: 'today', provisional: true, totalDutyUsd: '875.00' });
    expect((await client.get(`/shipments/${randomUUID()}/duty`)).status).toBe(404);
  });

  it('takes the release from a bonded warehouse as the entry date', async () => {
    const code = `HOU-BONDED-${randomUUID().slice(0, 6)}`;
    expect((await stack.client('inventory').post('/locations', { code, name: 'Houston bonded warehouse', kind: 'bonded_warehouse' })).status).toBe(201);
    // Known to shipments once inventory's event arrives.
    await eventually(async () => expect((await client.post('/shipments', {
      reference: `DUTY-PROBE-${code}`, originCountry: 'CN', destinationCode: code,
      lines: [{ sku: 'PROBE', quantity: 1, declaredValueUsd: '1.00', hsCode: '85', countryOfOrigin: 'CN' }],
    })).status).toBe(201));
    const bonded = await shipment('DUTY-BONDED-1', [
      ...toPort('2025-04-20'),
      { type: 'customs_hold', at: '2025-04-21T00:00:00Z', holdReason: 'regulatory_review', agency: 'CBP', location: code },
    ]);
    const whileHeld = await client.get(`/shipments/${bonded}/duty`);
    expect(whileHeld.body).toMatchObject({ entryDateBasis: 'today', provisional: true });
    expect((await client.post(`/shipments/${bonded}/events`, { type: 'customs_released', at: '2025-05-02T10:00:00Z' })).status).toBe(201);
    const released = await client.get(`/shipments/${bonded}/duty`);
    expect(released.body).toMatchObject({ entryDate: '2025-05-02', entryDateBasis: 'bonded_warehouse_release', provisional: false, totalDutyUsd: '875.00' });
    const holds = await client.get('/customs/holds?active=false');
    expect(holds.body.items.find((hold: { shipmentId: string }) => hold.shipmentId === bonded)).toMatchObject({ bonded: true, location: code, daysHeld: 11.417 });
  });

  it('prices what-ifs over origins and entry dates without storing anything', async () => {
    const april = await shipment('DUTY-WHATIF-1', toPort('2025-04-20'));
    const manager = await client.post('/api-keys', { role: 'mine_manager', name: 'whatif-manager' });
    const before = await client.get('/tariffs?limit=500');
    const response = await client.withKey(manager.body.key).post('/tariffs/what-if', {
      shipmentId: april,
      alternatives: [{ countryOfOrigin: 'MY', label: 'second supplier in Malaysia' }, { entryDate: '2025-05-02' }],
    });
    expect(response.status).toBe(200);
    expect(response.body.baseline).toMatchObject({ entryDate: '2025-04-20', totalDutyUsd: '1414.00' });
    const [malaysia, later] = response.body.alternatives;
    expect(malaysia).toMatchObject({ label: 'second supplier in Malaysia', countryOfOrigin: 'MY', totalDutyUsd: '360.00', dutyChangeUsd: '-1054.00' });
    expect(later).toMatchObject({ entryDate: '2025-05-02', totalDutyUsd: '875.00' });
    expect(response.body.cheapest).toBe('second supplier in Malaysia');
    const byLines = await client.post('/tariffs/what-if', {
      lines: [{ sku: 'X', quantity: 1, declaredValueUsd: '100.00', hsCode: '8504.40', countryOfOrigin: 'CN' }],
      entryDate: '2025-04-20',
      alternatives: [{ countryOfOrigin: 'US' }],
    });
    expect(byLines.status).toBe(200);
    expect(byLines.body.baseline.totalDutyUsd).toBe('129.00');
    expect(byLines.body.alternatives[0].totalDutyUsd).toBe('0.00');
    expect((await client.post('/tariffs/what-if', { alternatives: [{ countryOfOrigin: 'MY' }] })).status).toBe(400);
    expect((await client.post('/tariffs/what-if', { shipmentId: randomUUID(), alternatives: [{ countryOfOrigin: 'MY' }] })).status).toBe(404);
    expect((await client.get('/tariffs?limit=500')).body.items).toHaveLength(before.body.items.length);
  });

  it('reports duty by origin and month, holds by port and reason, and shipments, as JSON or CSV', async () => {
    const duty = await client.get('/reports/duty?from=2025-04-01&to=2025-06-01');
    expect(duty.status).toBe(200);
    const april = duty.body.rows.find((row: { month: string; countryOfOrigin: string }) => row.month === '2025-04' && row.countryOfOrigin === 'CN');
    expect(april).toBeDefined();
    const csv = await client.get('/reports/duty?from=2025-04-01&to=2025-06-01&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).split('\r\n')[0]).toBe('month,countryOfOrigin,lineCount,dutyUsd');
    const holds = await client.get('/reports/holds?from=2025-04-01&to=2025-06-01');
    expect(holds.body.byPort.find((group: { key: string }) => group.key === 'Houston')).toMatchObject({ count: 1 });
    expect(holds.body.byReason[0]).toMatchObject({ key: 'regulatory_review' });
    expect((await client.get('/reports/holds?format=csv')).headers.get('content-type')).toContain('text/csv');
    const shipments = await client.get('/reports/shipments');
    expect(shipments.body.byStatus.at_port).toBeGreaterThanOrEqual(2);
    expect(shipments.body.byLane[0]).toMatchObject({ originCountry: 'CN' });
    expect(String((await client.get('/reports/shipments?format=csv')).body)).toContain('status,in_transit,');
    expect((await client.get('/reports/duty?from=2025-13-01')).status).toBe(400);
  });

  it('counts a shipment in the duty report by its entry date: released from bond in range though it arrived before', async () => {
    const code = `HOU-BOND-RANGE-${randomUUID().slice(0, 6)}`;
    expect((await stack.client('inventory').post('/locations', { code, name: 'bonded warehouse', kind: 'bonded_warehouse' })).status).toBe(201);
    await eventually(async () => expect((await client.post('/shipments', {
      reference: `DUTY-RANGE-PROBE-${code}`, originCountry: 'CN', destinationCode: code,
      lines: [{ sku: 'PROBE', quantity: 1, declaredValueUsd: '1.00', hsCode: '85', countryOfOrigin: 'CN' }],
    })).status).toBe(201));
    const arriving = (day: string) => [{ type: 'departed', at: '2024-01-05T00:00:00Z' }, { type: 'arrived_at_port', at: `${day}T08:00:00Z` }];
    await shipment('DUTY-RANGE-BONDED', [
      ...arriving('2024-01-25'),
      { type: 'customs_hold', at: '2024-01-26T00:00:00Z', holdReason: 'regulatory_review', agency: 'CBP', location: code },
      { type: 'customs_released', at: '2024-02-03T10:00:00Z' },
    ]);
    await shipment('DUTY-RANGE-LAST-DAY', arriving('2024-02-29'));
    await shipment('DUTY-RANGE-AFTER', arriving('2024-03-01'));
    await shipment('DUTY-RANGE-BEFORE', arriving('2024-01-31'));
    const report = await client.get('/reports/duty?from=2024-02-01&to=2024-03-01');
    expect(report.status).toBe(200);
    expect(report.body.shipmentCount).toBe(2);
    // Three Chinese lines on each of the two shipments that entered in February.
    expect(report.body.rows).toEqual([expect.objectContaining({ month: '2024-02', countryOfOrigin: 'CN', lineCount: 6 }), expect.objectContaining({ month: '2024-02', countryOfOrigin: 'US', lineCount: 2 })]);
    expect((await client.get('/reports/duty?from=2024-01-01&to=2024-02-01')).body.shipmentCount).toBe(1);
  });

  it('uses the stored entry fees, which PUT /settings changes', async () => {
    const id = await shipment('DUTY-FEES-1', toPort('2025-05-02'));
    const settings = await client.get('/settings');
    expect(settings.body).toMatchObject({ merchandiseProcessingFeeRatePct: '0.3464', merchandiseProcessingFeeMinimumUsd: '32.71', harborMaintenanceFeeRatePct: '0.125' });
    const changed = await client.put('/settings', { harborMaintenanceFeeRatePct: null, merchandiseProcessingFeeMinimumUsd: '0.00' });
    expect(changed.status).toBe(200);
    const duty = await client.get(`/shipments/${id}/duty`);
    expect(duty.body).toMatchObject({ merchandiseProcessingFeeUsd: '9.35', harborMaintenanceFeeUsd: '0.00', fees: { harborMaintenanceFee: null } });
    expect((await client.put('/settings', { merchandiseProcessingFeeMinimumUsd: '999.00', merchandiseProcessingFeeMaximumUsd: '1.00' })).status).toBe(400);
  });
});
