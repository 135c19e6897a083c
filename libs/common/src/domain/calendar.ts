/** A day's length: dates here are UTC calendar days, so every day is this long. */
export const MS_PER_DAY = 86_400_000;

/** The UTC calendar date of an instant, as YYYY-MM-DD. */
export function utcDate(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10);
}
