import fc from 'fast-check';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { toCsv } from '../domain/csv-writer';
import { CsvOptions, CsvReader, CsvRecord, csvParser, parseCsv } from './csv-parser';
import { readRecords } from './records';

async function parseChunks(chunks: (Buffer | string)[], options?: CsvOptions): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readRecords(Readable.from(chunks, { objectMode: true }), new CsvReader(options))) records.push(record);
  return records;
}

const parse = (text: string, options?: CsvOptions) => parseChunks([Buffer.from(text)], options);

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
}

describe('streaming CSV parser', () => {
  it('reads rows under the header, numbered from 1', async () => {
    expect(await parse('serial,model\nS-1,S21\nS-2,M50\n')).toEqual([
      { kind: 'row', rowNumber: 1, fields: { serial: 'S-1', model: 'S21' } },
      { kind: 'row', rowNumber: 2, fields: { serial: 'S-2', model: 'M50' } },
    ]);
  });

  it('handles quotes, escaped quotes, commas and line breaks inside quotes, CRLF, a BOM and no final newline', async () => {
    const text = '\ufeffserial,notes\r\n"S-1","fan, ""left"" side"\r\nS-2,"two\r\nlines\nhere"\r\nS-3,""';
    expect(await parse(text)).toEqual([
      { kind: 'row', rowNumber: 1, fields: { serial: 'S-1', notes: 'fan, "left" side' } },
      { kind: 'row', rowNumber: 2, fields: { serial: 'S-2', notes: 'two\r\nlines\nhere' } },
      { kind: 'row', rowNumber: 3, fields: { serial: 'S-3', notes: '' } },
    ]);
  });

  it('accepts lone CR line ends, skips blank lines, trims header names and keeps values exactly', async () => {
    expect(await parse(' serial , model\r\rS-1, S21 \r\n\n')).toEqual([{ kind: 'row', rowNumber: 1, fields: { serial: 'S-1', model: ' S21 ' } }]);
  });

  it('yields nothing for an empty upload or a header alone', async () => {
    expect(await parse('')).toEqual([]);
    expect(await parse('serial,model\r\n')).toEqual([]);
  });

  it('reports a row with the wrong number of fields and goes on', async () => {
    expect(await parse('a,b\n1,2,3\n4\n5,6')).toEqual([
      { kind: 'error', rowNumber: 1, code: 'wrong_column_count', message: 'expected 2 fields, found 3' },
      { kind: 'error', rowNumber: 2, code: 'wrong_column_count', message: 'expected 2 fields, found 1' },
      { kind: 'row', rowNumber: 3, fields: { a: '5', b: '6' } },
    ]);
  });

  it('reports an unterminated quote and resumes on the next line', async () => {
    const records = await parse('a,b\n1,"never closed\n2,x\n3,y\n');
    expect(records[0]).toMatchObject({ kind: 'error', rowNumber: 1, code: 'unterminated_quote' });
    expect(records.slice(1)).toEqual([
      { kind: 'row', rowNumber: 2, fields: { a: '2', b: 'x' } },
      { kind: 'row', rowNumber: 3, fields: { a: '3', b: 'y' } },
    ]);
  });

  it('reports text after a closing quote and resumes on the next line', async () => {
    const records = await parse('a,b\n1,"ab"c\n2,d\n');
    expect(records.map((r) => r.kind === 'error' ? r.code : r.fields)).toEqual(['stray_quote', { a: '2', b: 'd' }]);
  });

  it('gives up on a record longer than the limit instead of holding the upload, then resumes', async () => {
    const filler = Array.from({ length: 50 }, (_, i) => `${i},x`).join('\n');
    const chunks = `a,b\n1,"oops\n${filler}\n`.match(/[\s\S]{1,16}/g)!;
    const records = await parseChunks(chunks, { maxRecordChars: 64 });
    expect(records[0]).toMatchObject({ kind: 'error', rowNumber: 1, code: 'record_too_long' });
    expect(records.slice(1)).toEqual(Array.from({ length: 50 }, (_, i) => ({ kind: 'row', rowNumber: i + 2, fields: { a: `${i}`, b: 'x' } })));
    const longLine = await parseChunks(`a,b\n${'x'.repeat(200)},1\n2,3\n`.match(/[\s\S]{1,16}/g)!, { maxRecordChars: 64 });
    expect(longLine).toEqual([
      { kind: 'error', rowNumber: 1, code: 'record_too_long', message: 'a record is longer than 64 characters' },
      { kind: 'row', rowNumber: 2, fields: { a: '2', b: '3' } },
    ]);
  });

  it('refuses a header with a repeated or unsafe name, and reads nothing after it', async () => {
    expect(await parse('a,b,a\n1,2,3\n')).toEqual([{ kind: 'error', rowNumber: 0, code: 'invalid_header', message: 'column "a" appears twice' }]);
    expect(await parse('__proto__\n1\n')).toMatchObject([{ rowNumber: 0, code: 'invalid_header' }]);
  });

  it('gives the same rows wherever the bytes are split, even inside a UTF-8 character', async () => {
    const bytes = Buffer.from('\ufeffserial,site,notes\r\nS-1,Zürich,"深圳 → Houston, ""held"""\r\nS-2,Tulsa,"⛏️\nok"\nS-3,"",\n');
    const whole = await parseChunks([bytes]);
    expect(whole).toHaveLength(3);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await parseChunks(splitAt(bytes, [cut]))).toEqual(whole);
    }
  });

  it('round-trips whatever the CSV writer writes, in any chunking', async () => {
    const name = fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.trim()).filter((s) => s.length > 0 && s !== '__proto__');
    const value = fc.string({ unit: fc.constantFrom('a', 'é', '深', '"', ',', '\r', '\n', ' ', '😀'), maxLength: 6 });
    const table = fc.uniqueArray(name, { minLength: 2, maxLength: 4 }).chain((header) =>
      fc.tuple(fc.constant(header), fc.array(fc.array(value, { minLength: header.length, maxLength: header.length }), { maxLength: 8 })),
    );
    await fc.assert(
      fc.asyncProperty(table, fc.array(fc.nat(), { maxLength: 6 }), async ([header, rows], cuts) => {
        const bytes = Buffer.from(toCsv(header, rows));
        const records = await parseChunks(splitAt(bytes, cuts.map((c) => c % (bytes.length + 1))));
        const expected = rows.map((row, i) => ({ kind: 'row', rowNumber: i + 1, fields: Object.fromEntries(header.map((h, k) => [h, row[k]])) }));
        expect(records).toEqual(expected);
      }),
    );
  });

  it('works as a Transform in a pipeline and as an async generator', async () => {
    const collected: CsvRecord[] = [];
    await pipeline(Readable.from([Buffer.from('a,b\n1,'), Buffer.from('2\n')]), csvParser(), async (rows: AsyncIterable<CsvRecord>) => {
      for await (const row of rows) collected.push(row);
    });
    const generated: CsvRecord[] = [];
    for await (const row of parseCsv(Readable.from([Buffer.from('a,b\n1,2')]))) generated.push(row);
    expect(collected).toEqual([{ kind: 'row', rowNumber: 1, fields: { a: '1', b: '2' } }]);
    expect(generated).toEqual(collected);
  });
});
