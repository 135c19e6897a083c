import { Transform } from 'node:stream';
import { BulkRecord, RecordReader, readRecords, recordTransform, rowError } from './records';

export type JsonFields = Record<string, unknown>;
export type JsonArrayRecord = BulkRecord<JsonFields>;

export interface JsonArrayOptions {
  /** An element longer than this ends the upload, so one runaway element cannot make the parser hold it all. */
  maxElementChars?: number;
}

const DEFAULT_MAX_ELEMENT_CHARS = 1 << 20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where the reader is in `[ element , element ]`. */
type Phase = 'before_array' | 'before_element' | 'after_comma' | 'in_element' | 'after_array' | 'stopped';

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Streaming reader for a top-level JSON array of objects. It only tracks strings and nesting depth to
 * find where each element ends (a comma or the closing bracket at depth 0), then hands that slice to
 * JSON.parse. `rowNumber` is the element's index from 0. A malformed element is reported and skipped;
 * a malformed array (not an array, cut short, content after it) is reported and ends the upload.
 */
export class JsonArrayReader implements RecordReader<JsonArrayRecord> {
  private text = '';
  private scan = 0;
  private elementStart = -1;
  private depth = 0;
  private inString = false;
  private phase: Phase = 'before_array';
  private index = 0;
  private readonly maxElementChars: number;

  constructor(options: JsonArrayOptions = {}) {
    this.maxElementChars = options.maxElementChars ?? DEFAULT_MAX_ELEMENT_CHARS;
  }

  write(chunk: string): JsonArrayRecord[] {
    const records: JsonArrayRecord[] = [];
    if (this.phase === 'stopped') return records;
    this.text += chunk;
    this.advance(records);
    // Keep only the element being read, so memory stays at one element whatever the upload's size.
    const keepFrom = this.elementStart >= 0 ? this.elementStart : this.scan;
    this.text = this.text.slice(keepFrom);
    this.scan -= keepFrom;
    if (this.elementStart >= 0) {
      this.elementStart = 0;
      if (this.scan > this.maxElementChars) this.fail(records, 'element_too_long', `an element is longer than ${this.maxElementChars} characters`);
    }
    return records;
  }

  end(): JsonArrayRecord[] {
    const records: JsonArrayRecord[] = [];
    if (this.phase === 'before_array') this.fail(records, 'not_an_array', 'expected a JSON array, found nothing');
    else if (this.phase !== 'after_array' && this.phase !== 'stopped') this.fail(records, 'unterminated_array', 'the array is cut short');
    return records;
  }

  private advance(records: JsonArrayRecord[]): void {
    const text = this.text;
    const n = text.length;
    let i = this.scan;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.phase === 'in_element') {
        i = this.scanElement(text, i, records);
        continue;
      }
      if (isWhitespace(c) || (c === 0xfeff && this.phase === 'before_array')) {
        i++;
      } else if (this.phase === 'before_array') {
        if (c !== OPEN_BRACKET) return this.fail(records, 'not_an_array', 'expected a JSON array of objects');
        this.phase = 'before_element';
        i++;
      } else if (this.phase === 'after_array') {
        return this.fail(records, 'trailing_content', 'unexpected content after the array');
      } else if (c === CLOSE_BRACKET) {
        if (this.phase === 'after_comma') return this.fail(records, 'invalid_json', 'a comma before the closing bracket');
        this.phase = 'after_array';
        i++;
      } else {
        this.phase = 'in_element';
        this.elementStart = i;
        this.depth = 0;
        this.inString = false;
      }
    }
    this.scan = i;
  }

  /** Scans from `i` to the element's end or the text's end; returns where to continue. */
  private scanElement(text: string, i: number, records: JsonArrayRecord[]): number {
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        // Skipping the escaped character may step one past this chunk; the next write resumes after it.
        if (c === BACKSLASH) i += 2;
        else {
          if (c === QUOTE) this.inString = false;
          i++;
        }
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && this.depth > 0) this.depth--;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        this.emit(text.slice(this.elementStart, i), records);
        this.elementStart = -1;
        this.phase = c === COMMA ? 'after_comma' : 'after_array';
        return i + 1;
      }
      i++;
    }
    return i;
  }

  private emit(source: string, records: JsonArrayRecord[]): void {
    const rowNumber = this.index++;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      records.push(rowError(rowNumber, 'invalid_json', (error as Error).message));
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      records.push(rowError(rowNumber, 'not_an_object', 'each element must be a JSON object'));
      return;
    }
    records.push({ kind: 'row', rowNumber, fields: value as JsonFields });
  }

  private fail(records: JsonArrayRecord[], code: string, message: string): void {
    records.push(rowError(this.index, code, message));
    this.phase = 'stopped';
    this.text = '';
    this.scan = 0;
    this.elementStart = -1;
  }
}

export function parseJsonArray(source: AsyncIterable<Buffer | string>, options?: JsonArrayOptions): AsyncGenerator<JsonArrayRecord> {
  return readRecords(source, new JsonArrayReader(options));
}

export function jsonArrayParser(options?: JsonArrayOptions): Transform {
  return recordTransform(new JsonArrayReader(options));
}
