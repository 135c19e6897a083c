import { InvalidInput } from '@app/common';
import { MS_PER_DAY, utcDate } from '@app/common/domain';

/**
 * A report's UTC date window [from, to): `to` defaults to tomorrow (so today is in), `from` to
 * `defaultDays` before `to`. Dates must be real calendar dates (February 30 is refused, not rolled
 * over into March).
 */
export function reportWindow(from: string | undefined, to: string | undefined, defaultDays: number, now: Date): { start: Date; end: Date } {
  const date = (field: string, value: string) => {
    const at = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(at.getTime()) || utcDate(at) !== value) throw new InvalidInput([`${field}: ${value} is not a calendar date`]);
    return at;
  };
  const end = to ? date('to', to) : new Date(Math.ceil(now.getTime() / MS_PER_DAY) * MS_PER_DAY);
  const start = from ? date('from', from) : new Date(end.getTime() - defaultDays * MS_PER_DAY);
  if (start.getTime() >= end.getTime()) throw new InvalidInput(['from: must be before to']);
  return { start, end };
}
