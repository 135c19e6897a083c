import fc from 'fast-check';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { JsonArrayOptions, JsonArrayReader, JsonArrayRecord, jsonArrayParser, parseJsonArray } from './json-array-stream';
import { readRecords } from './records';

async function parseChunks(chunks: (Buffer | string)[], options?: JsonArrayOptions): Promise<JsonArrayRecord[]> {
  const records: JsonArrayRecord[] = [];
  for await (const record of readRecords(Readable.from(chunks, { objectMode: true }), new JsonArrayReader(options))) records.push(record);
  return records;
}

const parse = (text: string) => parseChunks([Buffer.from(text)]);
const summary = (records: JsonArrayRecord[]) => records.map((r) => (r.kind === 'row' ? r.fields : `${r.rowNumber}:${r.code}`));

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
}

describe('streaming JSON array parser', () => {
  it('yields each object with its index', async () => {
    expect(await parse('[{"serial":"S-1"},{"serial":"S-2","hashrateThs":200}]')).toEqual([
      { kind: 'row', rowNumber: 0, fields: { serial: 'S-1' } },
      { kind: 'row', rowNumber: 1, fields: { serial: 'S-2', hashrateThs: 200 } },
    ]);
  });

  it('is not fooled by brackets, commas, quotes and backslashes inside strings or nested values', async () => {
    const tricky = { notes: 'a "quoted" ]}, [{ \\ \\" end', lines: [{ sku: 'FAN-1', quantity: 2 }], unicode: '\u6df1\u5733 ⛏️' };
    expect(summary(await parse(`\ufeff [\n  ${JSON.stringify(tricky)} ,\n{"empty":{}} ]\n`))).toEqual([tricky, { empty: {} }]);
  });

  it('accepts an empty array', async () => {
    expect(await parse('[]')).toEqual([]);
    expect(await parse(' [ \n ] ')).toEqual([]);
  });

  it('reports elements that are not valid JSON objects and goes on', async () => {
    expect(summary(await parse('[{"a":1}, {bad}, 3, null, [1], "x", {"a":1}}, , {"c":2}]'))).toEqual([
      { a: 1 }, '1:invalid_json', '2:not_an_object', '3:not_an_object', '4:not_an_object', '5:not_an_object', '6:invalid_json', '7:invalid_json', { c: 2 },
    ]);
  });

  it.each([
    ['', '0:not_an_array'],
    ['{"a":1}', '0:not_an_array'],
    ['[{"a":1}', '0:unterminated_array'],
    ['[{"a":1},', '1:unterminated_array'],
    ['[{"a":"cut', '0:unterminated_array'],
    ['[{"a":1},]', '1:invalid_json'],
    ['[{"a":1}] {"b":2}', '1:trailing_content'],
  ])('reports a malformed array %j and stops', async (text, error) => {
    const records = await parse(text);
    expect(summary(records).slice(-1)).toEqual([error]);
    expect(records.filter((r) => r.kind === 'error')).toHaveLength(1);
  });

  it('stops at an element longer than the limit instead of holding it', async () => {
    const records = await parseChunks(['[{"a":1},{"b":"', 'x'.repeat(100), '"}]'], { maxElementChars: 50 });
    expect(summary(records)).toEqual([{ a: 1 }, '1:element_too_long']);
  });

  it('gives the same elements wherever the bytes are split, even inside a UTF-8 character or an escape', async () => {
    const bytes = Buffer.from('\ufeff[{"site":"Zürich","note":"深圳 \\"held\\" \\\\"},\r\n{"emoji":"⛏️\\u00e9","n":[1,{"x":[]}]}]');
    const whole = await parseChunks([bytes]);
    expect(whole).toHaveLength(2);
    expect(whole.every((r) => r.kind === 'row')).toBe(true);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await parseChunks(splitAt(bytes, [cut]))).toEqual(whole);
    }
  });

  it('round-trips any array of objects, pretty or compact, in any chunking', async () => {
    const objects = fc.array(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(objects, fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), async (elements, pretty, cuts) => {
        const bytes = Buffer.from(JSON.stringify(elements, null, pretty ? 2 : undefined));
        const records = await parseChunks(splitAt(bytes, cuts.map((c) => c % (bytes.length + 1))));
        expect(records).toEqual(JSON.parse(bytes.toString()).map((fields: object, rowNumber: number) => ({ kind: 'row', rowNumber, fields })));
      }),
    );
  });

  it('works as a Transform in a pipeline and as an async generator', async () => {
    const collected: JsonArrayRecord[] = [];
    await pipeline(Readable.from([Buffer.from('[{"a":'), Buffer.from('1}]')]), jsonArrayParser(), async (rows: AsyncIterable<JsonArrayRecord>) => {
      for await (const row of rows) collected.push(row);
    });
    const generated: JsonArrayRecord[] = [];
    for await (const row of parseJsonArray(Readable.from([Buffer.from('[{"a":1}]')]))) generated.push(row);
    expect(collected).toEqual([{ kind: 'row', rowNumber: 0, fields: { a: 1 } }]);
    expect(generated).toEqual(collected);
  });
});
