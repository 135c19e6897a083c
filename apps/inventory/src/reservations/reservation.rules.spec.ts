import fc from 'fast-check';
import {
  IllegalReservationTransition,
  RESERVATION_STATUSES,
  ReservationStatus,
  isExpired,
  reservationTransition,
} from './reservation.rules';

const status = fc.constantFrom(...RESERVATION_STATUSES);
const at = (minute: number) => new Date(Date.UTC(2025, 5, 1, 12, minute));

describe('reservation status', () => {
  it('a confirmed reservation is consumed, released or expires, once', () => {
    for (const to of ['consumed', 'released', 'expired'] as const) {
      expect(reservationTransition('confirmed', to)).toBe(to);
    }
    expect(reservationTransition('confirmed', 'confirmed')).toBeInstanceOf(IllegalReservationTransition);
  });

  it('no move leaves a final status', () => {
    fc.assert(
      fc.property(fc.constantFrom<ReservationStatus>('consumed', 'released', 'expired'), status, (from, to) => {
        const refused = reservationTransition(from, to);
        return refused instanceof IllegalReservationTransition && refused.code === 'illegal_transition' && refused.allowed.length === 0;
      }),
    );
  });
});

describe('expiry', () => {
  it('a confirmed reservation expires at its expiry time, not before', () => {
    expect(isExpired({ status: 'confirmed', expiresAt: at(10) }, at(9))).toBe(false);
    expect(isExpired({ status: 'confirmed', expiresAt: at(10) }, at(10))).toBe(true);
  });

  it('without an expiry, or once no longer confirmed, it never expires', () => {
    fc.assert(
      fc.property(status, fc.option(fc.nat(60)), fc.nat(120), (s, expiry, now) => {
        const expiresAt = expiry === null ? null : at(expiry);
        const expired = isExpired({ status: s, expiresAt }, at(now));
        return expired === (s === 'confirmed' && expiresAt !== null && now >= expiry!);
      }),
    );
  });
});
