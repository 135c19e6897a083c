/** A line of units of one SKU that may name their serials (serialized parts such as hashboards). */
export interface SerialisedLine {
  quantity: number;
  serials?: readonly string[];
}

/** The longest serial an API accepts. */
export const MAX_SERIAL_LENGTH = 100;

/**
 * Serials one shipment or harvest may name in all: they travel in one event, which must stay well
 * under NATS's message size limit (1 MB by default) whatever the serials' length (up to MAX_SERIAL_LENGTH).
 */
export const MAX_SERIALS_PER_EVENT = 5000;

/**
 * Problems with lines' serials, each naming its field: a line that names serials names one per unit,
 * no serial appears twice, within a line or across lines, and there are at most MAX_SERIALS_PER_EVENT
 * in all. Empty when valid.
 */
export function lineSerialProblems(lines: readonly SerialisedLine[], path = 'lines'): string[] {
  const problems: string[] = [];
  const total = lines.reduce((sum, line) => sum + (line.serials?.length ?? 0), 0);
  if (total > MAX_SERIALS_PER_EVENT) problems.push(`${path}: at most ${MAX_SERIALS_PER_EVENT} serials in all (got ${total})`);
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (line.serials === undefined) return;
    if (line.serials.length !== line.quantity) {
      problems.push(`${path}.${index}.serials must list one serial per unit: ${line.quantity}, not ${line.serials.length}`);
    }
    const repeated = new Set<string>();
    for (const serial of line.serials) {
      if (seen.has(serial)) repeated.add(serial);
      seen.add(serial);
    }
    if (repeated.size > 0) problems.push(`${path}.${index}.serials repeats ${[...repeated].join(', ')}`);
  });
  return problems;
}
