import fc from 'fast-check';
import {
  applyTrackingEvent,
  HOLD_REASONS,
  NEW_SHIPMENT,
  replayTrackingEvents,
  SHIPMENT_STATUSES,
  ShipmentProgress,
  ShipmentStatus,
  TRACKING_EVENT_TYPES,
  TrackingEvent,
  TrackingEventType,
} from './shipment-status.rules';

const t0 = new Date('2025-05-01T00:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
const event = (type: TrackingEventType, hours = 1): TrackingEvent =>
  type === 'customs_hold' ? { type, at: at(hours), holdReason: 'regulatory_review' } : { type, at: at(hours) };
const inStatus = (status: ShipmentStatus): ShipmentProgress => ({ status, lastEvent: { type: 'exception', at: t0 } });

describe('shipment status: the contract event table', () => {
  const table: Record<TrackingEventType, Partial<Record<ShipmentStatus, ShipmentStatus>>> = {
    departed: { created: 'in_transit' },
    arrived_at_port: { in_transit: 'at_port' },
    customs_hold: { at_port: 'held', released: 'held' },
    customs_released: { held: 'released' },
    delivered: { at_port: 'delivered', released: 'delivered' },
    exception: { created: 'created', in_transit: 'in_transit', at_port: 'at_port', held: 'held', released: 'released' },
  };
  const cases = TRACKING_EVENT_TYPES.flatMap((type) => SHIPMENT_STATUSES.map((status) => [type, status] as const));

  it.each(cases)('%s when %s', (type, status) => {
    const after = table[type][status];
    const result = applyTrackingEvent(inStatus(status), event(type));
    if (after) expect(result).toEqual({ outcome: 'applied', status: after });
    else expect(result).toMatchObject({ outcome: 'rejected', code: 'illegal_transition' });
  });

  it('explains an illegal transition', () => {
    expect(applyTrackingEvent(NEW_SHIPMENT, event('delivered'))).toEqual({
      outcome: 'rejected',
      code: 'illegal_transition',
      reason: 'delivered is allowed only when the status is at_port or released; the shipment is created',
    });
  });
});

describe('shipment status: timing and repeats', () => {
  it('treats the latest event posted again as a no-op, even after delivery', () => {
    const delivered: ShipmentProgress = { status: 'delivered', lastEvent: event('delivered', 5) };
    expect(applyTrackingEvent(delivered, event('delivered', 5))).toEqual({ outcome: 'duplicate', status: 'delivered' });
  });

  it('does not treat an older event posted again as a duplicate', () => {
    const progress = replayTrackingEvents([event('departed', 1), event('arrived_at_port', 2)]);
    expect(applyTrackingEvent(progress, event('departed', 1))).toMatchObject({ outcome: 'rejected' });
  });

  it('accepts an event at the same instant as the previous one, and refuses an earlier one', () => {
    const progress = replayTrackingEvents([event('departed', 1), event('arrived_at_port', 10)]);
    expect(applyTrackingEvent(progress, event('customs_hold', 10))).toEqual({ outcome: 'applied', status: 'held' });
    expect(applyTrackingEvent(progress, event('customs_hold', 9))).toMatchObject({
      outcome: 'rejected',
      code: 'event_before_previous',
    });
  });

  it('refuses an invalid timestamp as bad input', () => {
    expect(applyTrackingEvent(NEW_SHIPMENT, { type: 'departed', at: new Date('nope') })).toMatchObject({
      outcome: 'invalid',
      field: 'at',
    });
  });
});

describe('shipment status: hold reasons', () => {
  const atPort = inStatus('at_port');

  it('requires a known holdReason on customs_hold', () => {
    expect(applyTrackingEvent(atPort, { type: 'customs_hold', at: at(1) })).toMatchObject({
      outcome: 'invalid',
      field: 'holdReason',
    });
    const unknown = { type: 'customs_hold', at: at(1), holdReason: 'weather' } as unknown as TrackingEvent;
    expect(applyTrackingEvent(atPort, unknown)).toMatchObject({ outcome: 'invalid', field: 'holdReason' });
  });

  it('refuses a holdReason on any other event, before looking at the status', () => {
    const result = applyTrackingEvent(NEW_SHIPMENT, { type: 'delivered', at: at(1), holdReason: 'inspection' });
    expect(result).toMatchObject({ outcome: 'invalid', field: 'holdReason' });
  });
});

describe('shipment status: properties', () => {
  const anyEvent: fc.Arbitrary<TrackingEvent> = fc
    .record({
      type: fc.constantFrom(...TRACKING_EVENT_TYPES),
      hours: fc.integer({ min: 0, max: 100 }),
      holdReason: fc.option(fc.constantFrom(...HOLD_REASONS), { nil: undefined }),
    })
    .map(({ type, hours, holdReason }) => ({ type, at: at(hours), holdReason }));

  function feed(events: TrackingEvent[]) {
    let progress = NEW_SHIPMENT;
    const accepted: TrackingEvent[] = [];
    const results = events.map((next) => {
      const result = applyTrackingEvent(progress, next);
      if (result.outcome === 'applied') {
        progress = { status: result.status, lastEvent: next };
        accepted.push(next);
      }
      return { progress, result };
    });
    return { progress, accepted, results };
  }

  it('replays the accepted events of any sequence to the same status', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        const { progress, accepted } = feed(events);
        expect(replayTrackingEvents(accepted)).toEqual(progress);
        expect(feed(accepted).results.every(({ result }) => result.outcome === 'applied')).toBe(true);
      }),
    );
  });

  it('never leaves delivered', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        const { results } = feed(events);
        const firstDelivered = results.findIndex(({ progress }) => progress.status === 'delivered');
        if (firstDelivered < 0) return;
        for (const { progress, result } of results.slice(firstDelivered + 1)) {
          expect(progress.status).toBe('delivered');
          expect(result.outcome).not.toBe('applied');
        }
      }),
    );
  });

  it('never accepts an event earlier than the one before it', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        const { accepted } = feed(events);
        accepted.slice(1).forEach((next, i) => expect(next.at >= accepted[i].at).toBe(true));
      }),
    );
  });
});
