import { Transform } from 'node:stream';
import { BulkRecord, RecordReader, RowError, readRecords, recordTransform, rowError } from './records';

export type CsvFields = Record<string, string>;
export type CsvRecord = BulkRecord<CsvFields>;

export interface CsvOptions {
  /** A record longer than this is reported and skipped, so a stray quote cannot make the parser hold the whole upload. */
  maxRecordChars?: number;
}

const DEFAULT_MAX_RECORD_CHARS = 1 << 20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = '\ufeff';

/** A complete record, a malformed one (`next` is where reading resumes), or null: wait for more text. */
type Scanned = { fields: string[]; next: number } | { error: RowError['code']; message: string; next: number } | null;

function nextLineStart(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  return lf === -1 ? text.length : lf + 1;
}

/**
 * Reads one RFC 4180 record starting at `start`. A record cut by the end of the text is re-read from its
 * start once more text arrives; records are short next to a chunk, so that costs little and keeps no state.
 */
function scanRecord(text: string, start: number, final: boolean): Scanned {
  const n = text.length;
  const fields: string[] = [];
  let i = start;
  for (;;) {
    let end: number;
    if (i < n && text.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      let doubled = false;
      let close: number;
      for (;;) {
        close = text.indexOf('"', from);
        if (close === -1) {
          if (!final) return null;
          return { error: 'unterminated_quote', message: 'a quoted field is never closed', next: nextLineStart(text, i) };
        }
        // A quote as the last character might be the first half of an escaped "".
        if (close + 1 === n && !final) return null;
        if (text.charCodeAt(close + 1) !== QUOTE) break;
        doubled = true;
        from = close + 2;
      }
      const value = text.slice(i + 1, close);
      fields.push(doubled ? value.replaceAll('""', '"') : value);
      end = close + 1;
      const after = end < n ? text.charCodeAt(end) : -1;
      if (after !== -1 && after !== COMMA && after !== CR && after !== LF) {
        if (!final && text.indexOf('\n', end) === -1) return null;
        return { error: 'stray_quote', message: 'a closing quote must end its field', next: nextLineStart(text, end) };
      }
    } else {
      end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === COMMA || c === LF || c === CR) break;
        end++;
      }
      fields.push(text.slice(i, end));
    }
    if (end === n) return final ? { fields, next: n } : null;
    const c = text.charCodeAt(end);
    if (c === COMMA) {
      i = end + 1;
      continue;
    }
    if (c === LF) return { fields, next: end + 1 };
    // CR: a CRLF pair, or a lone CR; wait for the next character to tell which.
    if (end + 1 === n) return final ? { fields, next: n } : null;
    return { fields, next: text.charCodeAt(end + 1) === LF ? end + 2 : end + 1 };
  }
}

/**
 * Streaming CSV with the first record as header. Blank lines are skipped, header names are trimmed,
 * values are kept exactly. `rowNumber` counts data records from 1, malformed ones included.
 */
export class CsvReader implements RecordReader<CsvRecord> {
  private pending = '';
  private header: string[] | null = null;
  private rowNumber = 0;
  private atStart = true;
  private discardingLine = false;
  private stopped = false;
  private readonly maxRecordChars: number;

  constructor(options: CsvOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  write(chunk: string): CsvRecord[] {
    return this.read(chunk, false);
  }

  end(): CsvRecord[] {
    return this.read('', true);
  }

  private read(chunk: string, final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    if (this.stopped) return records;
    let text = this.pending + chunk;
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    let pos = 0;
    if (this.discardingLine) {
      const lf = text.indexOf('\n');
      this.discardingLine = lf === -1;
      pos = lf === -1 ? text.length : lf + 1;
    }
    while (pos < text.length && !this.stopped) {
      const scanned = scanRecord(text, pos, final);
      if (scanned === null) break;
      if ('error' in scanned) this.reject(scanned.error, scanned.message, records);
      else if (!isBlankLine(text, pos, scanned.fields)) this.accept(scanned.fields, records);
      pos = scanned.next;
    }
    this.pending = this.stopped ? '' : text.slice(pos);
    if (this.pending.length > this.maxRecordChars) this.skipOverlongRecord(records);
    return records;
  }

  private accept(values: string[], records: CsvRecord[]): void {
    if (this.header === null) {
      this.header = values.map((name) => name.trim());
      const problem = headerProblem(this.header);
      if (problem) this.reject('invalid_header', problem, records);
      return;
    }
    const rowNumber = ++this.rowNumber;
    if (values.length !== this.header.length) {
      records.push(rowError(rowNumber, 'wrong_column_count', `expected ${this.header.length} fields, found ${values.length}`));
      return;
    }
    const fields: CsvFields = {};
    for (let k = 0; k < values.length; k++) fields[this.header[k]] = values[k];
    records.push({ kind: 'row', rowNumber, fields });
  }

  /** Without a header no row can be read, so a bad header (row 0) ends the upload. */
  private reject(code: string, message: string, records: CsvRecord[]): void {
    if (this.header === null || code === 'invalid_header') {
      records.push(rowError(0, 'invalid_header', message));
      this.stopped = true;
      return;
    }
    records.push(rowError(++this.rowNumber, code, message));
  }

  /** Reports the record and resumes at the next line, the best guess at where the next record starts. */
  private skipOverlongRecord(records: CsvRecord[]): void {
    const overlong = this.pending;
    this.pending = '';
    this.reject('record_too_long', `a record is longer than ${this.maxRecordChars} characters`, records);
    if (this.stopped) return;
    const lf = overlong.indexOf('\n');
    this.discardingLine = lf === -1;
    if (lf !== -1) records.push(...this.read(overlong.slice(lf + 1), false));
  }
}

function isBlankLine(text: string, start: number, fields: string[]): boolean {
  if (fields.length !== 1 || fields[0] !== '') return false;
  const c = text.charCodeAt(start);
  return c === LF || c === CR;
}

function headerProblem(names: string[]): string | null {
  const seen = new Set<string>();
  for (const name of names) {
    // Assigning "__proto__" on a plain object would set its prototype instead of a field.
    if (name === '__proto__') return 'a column may not be named __proto__';
    if (seen.has(name)) return `column "${name}" appears twice`;
    seen.add(name);
  }
  return null;
}

export function parseCsv(source: AsyncIterable<Buffer | string>, options?: CsvOptions): AsyncGenerator<CsvRecord> {
  return readRecords(source, new CsvReader(options));
}

export function csvParser(options?: CsvOptions): Transform {
  return recordTransform(new CsvReader(options));
}
