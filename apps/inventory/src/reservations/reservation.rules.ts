import { Conflict } from '@app/common/errors';

export const RESERVATION_STATUSES = ['confirmed', 'consumed', 'released', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Only a confirmed reservation still holds stock, so it is the only one that can change. */
export const RESERVATION_MOVES: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  confirmed: ['consumed', 'released', 'expired'],
  consumed: [],
  released: [],
  expired: [],
};

/** 409: e.g. consuming a reservation already released; `allowed` names the moves that remain. */
export class IllegalReservationTransition extends Conflict {
  constructor(
    readonly from: ReservationStatus,
    readonly to: ReservationStatus,
    readonly allowed: readonly ReservationStatus[],
  ) {
    super(
      'illegal_transition',
      `a reservation cannot move from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final)'}`,
      { from, to, allowed },
    );
  }
}

export function reservationTransition(current: ReservationStatus, to: ReservationStatus): ReservationStatus | IllegalReservationTransition {
  const allowed = RESERVATION_MOVES[current];
  return allowed.includes(to) ? to : new IllegalReservationTransition(current, to, allowed);
}

export function holdsStock(status: ReservationStatus): boolean {
  return status === 'confirmed';
}

export interface ExpiringReservation {
  status: ReservationStatus;
  /** Null: held until consumed or released, as a ticket's parts are. */
  expiresAt: Date | null;
}

/** A confirmed reservation past its expiry, whose stock should go back to available. */
export function isExpired(reservation: ExpiringReservation, now: Date): boolean {
  return holdsStock(reservation.status) && reservation.expiresAt !== null && reservation.expiresAt.getTime() <= now.getTime();
}
