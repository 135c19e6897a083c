/**
 * Which serials named by a shipment's or harvest's receipt can come into stock under their serial,
 * and why the others cannot. Such a receipt is never refused (the goods are there): units whose serial
 * cannot be tracked come in untracked, and each such serial becomes a conflict for someone to sort out.
 */

export const SERIAL_CONFLICT_REASONS = ['already_tracked', 'other_part', 'repeated', 'more_than_units', 'part_not_serialized'] as const;
export type SerialConflictReason = (typeof SERIAL_CONFLICT_REASONS)[number];

/** What the serials table says of a serial named on the way in. */
export interface KnownSerial {
  sku: string;
  status: string;
  locationCode: string | null;
}

export interface SerialConflict {
  serial: string;
  reason: SerialConflictReason;
  /** The serial's record when the conflict is with it (already tracked, or another part's). */
  known: KnownSerial | null;
}

export interface NamedSerials {
  /** Serials to put in stock, in the order named. */
  trackable: string[];
  conflicts: SerialConflict[];
}

/** Statuses in which a serial is on a shelf or on its way to one: naming it again cannot be the same unit. */
const TRACKED_STATUSES: ReadonlySet<string> = new Set(['in_stock', 'in_transit']);

/**
 * Why a serial stock knows cannot come into stock of `sku` under that serial (another part has it, or
 * it is on a shelf or on its way somewhere already); null when it can (a consumed or removed serial of
 * the same part coming back).
 */
export function serialBlockedBy(record: KnownSerial, sku: string): 'other_part' | 'already_tracked' | null {
  if (record.sku !== sku) return 'other_part';
  return TRACKED_STATUSES.has(record.status) ? 'already_tracked' : null;
}

/**
 * Sorts the serials named for `quantity` units of `sku`: the first unique ones, one per unit, come in
 * under their serial unless the part is not serialized, the serial belongs to another part, or it is
 * in stock or on its way somewhere already. A consumed or removed serial of the same part may come
 * back (a harvested board, a unit found again).
 */
export function sortNamedSerials(
  named: readonly string[],
  part: { sku: string; serialized: boolean },
  quantity: number,
  known: ReadonlyMap<string, KnownSerial>,
): NamedSerials {
  const trackable: string[] = [];
  const conflicts: SerialConflict[] = [];
  const seen = new Set<string>();
  for (const serial of named) {
    const record = known.get(serial) ?? null;
    const blocked = record && serialBlockedBy(record, part.sku);
    const conflict = (reason: SerialConflictReason, withRecord = false) => conflicts.push({ serial, reason, known: withRecord ? record : null });
    if (!part.serialized) conflict('part_not_serialized');
    else if (seen.has(serial)) conflict('repeated');
    else if (seen.size >= quantity) conflict('more_than_units');
    else if (blocked) conflict(blocked, true);
    else trackable.push(serial);
    seen.add(serial);
  }
  return { trackable, conflicts };
}
