/** A line of units of one SKU that may name their serials (serialized parts such as hashboards). */
export interface SerialisedLine {
  quantity: number;
  serials?: readonly string[];
}

/**
 * Problems with lines' serials, each naming its field: a line that names serials names one per unit,
 * and no serial appears twice, within a line or across lines. Empty when valid.
 */
export function lineSerialProblems(lines: readonly SerialisedLine[], path = 'lines'): string[] {
  const problems: string[] = [];
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
