/**
 * A shipment's status follows its tracking events, per the contract's event table.
 * The shipment's stored status is always what replaying its accepted events gives.
 */
export const SHIPMENT_STATUSES = ['created', 'in_transit', 'at_port', 'held', 'released', 'delivered'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const TRACKING_EVENT_TYPES = [
  'departed',
  'arrived_at_port',
  'customs_hold',
  'customs_released',
  'delivered',
  'exception',
] as const;
export type TrackingEventType = (typeof TRACKING_EVENT_TYPES)[number];

export const HOLD_REASONS = [
  'inspection',
  'documentation',
  'classification_dispute',
  'regulatory_review',
  'duties_unpaid',
  'other',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

interface TrackingEventRule {
  allowedFrom: readonly ShipmentStatus[];
  /** null: the event is recorded but leaves the status as it was. */
  statusAfter: ShipmentStatus | null;
}

export const TRACKING_EVENT_RULES: Readonly<Record<TrackingEventType, TrackingEventRule>> = {
  departed: { allowedFrom: ['created'], statusAfter: 'in_transit' },
  arrived_at_port: { allowedFrom: ['in_transit'], statusAfter: 'at_port' },
  customs_hold: { allowedFrom: ['at_port', 'released'], statusAfter: 'held' },
  customs_released: { allowedFrom: ['held'], statusAfter: 'released' },
  delivered: { allowedFrom: ['at_port', 'released'], statusAfter: 'delivered' },
  exception: { allowedFrom: ['created', 'in_transit', 'at_port', 'held', 'released'], statusAfter: null },
};

export interface TrackingEvent {
  type: TrackingEventType;
  at: Date;
  holdReason?: HoldReason | null;
}

/** What the next event is judged against: the current status and the latest accepted event. */
export interface ShipmentProgress {
  status: ShipmentStatus;
  lastEvent: TrackingEvent | null;
}

export const NEW_SHIPMENT: ShipmentProgress = { status: 'created', lastEvent: null };

export type TrackingEventOutcome =
  /** Store the event; `status` is the shipment's status after it (unchanged for `exception`). */
  | { outcome: 'applied'; status: ShipmentStatus }
  /** The latest event posted again (same type and `at`): answer 200 and store nothing. */
  | { outcome: 'duplicate'; status: ShipmentStatus }
  /** Valid input that is impossible now: 409. */
  | { outcome: 'rejected'; code: 'event_before_previous' | 'illegal_transition'; reason: string }
  /** Bad input whatever the status: 400. */
  | { outcome: 'invalid'; field: 'at' | 'holdReason'; reason: string };

export function isTerminal(status: ShipmentStatus): boolean {
  return status === 'delivered';
}

export function applyTrackingEvent(progress: ShipmentProgress, event: TrackingEvent): TrackingEventOutcome {
  if (Number.isNaN(event.at.getTime())) return { outcome: 'invalid', field: 'at', reason: 'at must be a valid timestamp' };
  const holdReasonProblem = checkHoldReason(event);
  if (holdReasonProblem) return { outcome: 'invalid', field: 'holdReason', reason: holdReasonProblem };
  const { status, lastEvent } = progress;
  if (lastEvent && lastEvent.type === event.type && lastEvent.at.getTime() === event.at.getTime()) {
    return { outcome: 'duplicate', status };
  }
  if (lastEvent && event.at < lastEvent.at) {
    return {
      outcome: 'rejected',
      code: 'event_before_previous',
      reason: `${event.type} at ${event.at.toISOString()} is before the previous event (${lastEvent.type} at ${lastEvent.at.toISOString()})`,
    };
  }
  const rule = TRACKING_EVENT_RULES[event.type];
  if (!rule.allowedFrom.includes(status)) {
    return {
      outcome: 'rejected',
      code: 'illegal_transition',
      reason: `${event.type} is allowed only when the status is ${rule.allowedFrom.join(' or ')}; the shipment is ${status}`,
    };
  }
  return { outcome: 'applied', status: rule.statusAfter ?? status };
}

/** Rebuilds the progress from stored events, oldest first; throws if they could not have been accepted. */
export function replayTrackingEvents(events: readonly TrackingEvent[]): ShipmentProgress {
  let progress = NEW_SHIPMENT;
  for (const event of events) {
    const result = applyTrackingEvent(progress, event);
    if (result.outcome === 'rejected' || result.outcome === 'invalid') {
      throw new RangeError(`tracking history is inconsistent: ${result.reason}`);
    }
    if (result.outcome === 'applied') progress = { status: result.status, lastEvent: event };
  }
  return progress;
}

function checkHoldReason({ type, holdReason }: TrackingEvent): string | null {
  if (type !== 'customs_hold') {
    return holdReason == null ? null : `holdReason is only allowed on customs_hold, not on ${type}`;
  }
  if (holdReason == null) return `holdReason is required on customs_hold (one of ${HOLD_REASONS.join(', ')})`;
  // Checked here too because the value may come straight from JSON.
  return HOLD_REASONS.includes(holdReason) ? null : `holdReason must be one of ${HOLD_REASONS.join(', ')}`;
}
