import { MAX_SERIALS_PER_EVENT } from '../domain/serials';
import { MAX_EVENT_BYTES, newEnvelope, serialiseEnvelope } from './envelope';
import { ShipmentEvents } from './shipments.contract';

const delivered = (serials: string[]) =>
  newEnvelope(ShipmentEvents.delivered, {
    shipmentId: '00000000-0000-4000-8000-000000000001',
    reference: 'ASN-1',
    destinationCode: 'AR-REPAIR',
    deliveredAt: '2026-11-23T00:00:00.000Z',
    lines: [{ sku: 'HB-S21-200', quantity: serials.length, serials }],
  });

describe('serialiseEnvelope', () => {
  it('answers the JSON the outbox stores', () => {
    const envelope = delivered(['HB-1']);
    expect(JSON.parse(serialiseEnvelope(envelope))).toEqual(envelope);
  });

  it('refuses an envelope NATS could not carry, naming its type, before anything commits', () => {
    const huge = delivered(Array.from({ length: 10_000 }, (_, i) => `${'X'.repeat(95)}${String(i).padStart(5, '0')}`));
    expect(() => serialiseEnvelope(huge)).toThrow(/shipments\.shipment\.delivered would be \d+ bytes/);
  });

  it('carries the most serials a shipment or harvest may name, at the longest serial length', () => {
    const serials = Array.from({ length: MAX_SERIALS_PER_EVENT }, (_, i) => `${'X'.repeat(95)}${String(i).padStart(5, '0')}`);
    expect(Buffer.byteLength(serialiseEnvelope(delivered(serials)))).toBeLessThan(MAX_EVENT_BYTES);
  });
});
