import { InvalidInput } from '../errors';
import { decodeCursor, encodeCursor, MAX_PAGE_LIMIT, pageLimit, toPage } from './pagination';

describe('cursor pagination', () => {
  it('defaults to 50 and clamps large limits instead of refusing them', () => {
    expect(pageLimit({})).toBe(50);
    expect(pageLimit({ limit: 7 })).toBe(7);
    expect(pageLimit({ limit: 100_000 })).toBe(MAX_PAGE_LIMIT);
  });

  it('round-trips a keyset cursor and rejects one it did not make', () => {
    const cursor = encodeCursor(['2026-11-23T00:00:00.000Z', 'abc']);
    expect(decodeCursor(cursor, 2)).toEqual(['2026-11-23T00:00:00.000Z', 'abc']);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
    expect(() => decodeCursor('garbage', 2)).toThrow(InvalidInput);
    expect(() => decodeCursor(cursor, 1)).toThrow(InvalidInput);
  });

  it('trims the extra row and points the next cursor at the last item kept', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const page = toPage(rows, 2, (row) => [row.id], (row) => row.id);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, 1)).toEqual([2]);
    expect(toPage(rows, 3, (row) => [row.id], (row) => row.id).nextCursor).toBeNull();
  });
});
