import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** One parsed record of a bulk upload: its fields, or why it could not be read. */
export type BulkRecord<TFields> = BulkRow<TFields> | RowError;

export interface BulkRow<TFields> {
  kind: 'row';
  rowNumber: number;
  fields: TFields;
}

export interface RowError {
  kind: 'error';
  rowNumber: number;
  code: string;
  message: string;
}

export function rowError(rowNumber: number, code: string, message: string): RowError {
  return { kind: 'error', rowNumber, code, message };
}

/** A push parser: text in, finished records out, holding nothing but the record it is still reading. */
export interface RecordReader<R> {
  write(text: string): R[];
  end(): R[];
}

/** Records from a byte stream; StringDecoder keeps a UTF-8 character cut between two chunks whole. */
export async function* readRecords<R>(source: AsyncIterable<Buffer | string>, reader: RecordReader<R>): AsyncGenerator<R> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    yield* reader.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  }
  yield* reader.write(decoder.end());
  yield* reader.end();
}

/** The same as a Transform: bytes in, records out in object mode, for `pipeline()`. */
export function recordTransform<R>(reader: RecordReader<R>): Transform {
  const decoder = new StringDecoder('utf8');
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      for (const record of reader.write(decoder.write(chunk))) this.push(record);
      done();
    },
    flush(done) {
      for (const record of reader.write(decoder.end())) this.push(record);
      for (const record of reader.end()) this.push(record);
      done();
    },
  });
}
