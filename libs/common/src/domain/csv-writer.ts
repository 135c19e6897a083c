/**
 * CSV per RFC 4180: CRLF line ends, and a field is quoted (inner quotes doubled) only when it
 * holds a comma, a quote, CR or LF. Values are written as given, with no spreadsheet-formula
 * escaping, because ERP exports must round-trip amounts like "-1.50" unchanged.
 */
export type CsvValue = string | number | bigint | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  const text = value === null || value === undefined ? '' : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF, so large exports can be streamed row by row. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let csv = csvRow(header);
  for (const row of rows) csv += csvRow(row);
  return csv;
}
