import fc from 'fast-check';
import { csvField, csvRow, toCsv } from './csv-writer';

/** A strict RFC 4180 reader, only to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      while (!(text[i] === '"' && text[i + 1] !== '"')) {
        field += text[i];
        i += text[i] === '"' ? 2 : 1;
      }
      i++;
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += text[i++];
    }
  }
  return records;
}

describe('CSV writer', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12n)).toBe('12');
  });

  it('writes CRLF records with a header', () => {
    expect(toCsv(['sku', 'dutyUsd'], [['FAN-1', '302.50'], ['PSU, 3600W', '-1.50']])).toBe(
      'sku,dutyUsd\r\nFAN-1,302.50\r\n"PSU, 3600W",-1.50\r\n',
    );
    expect(csvRow([])).toBe('\r\n');
  });

  it('round-trips any text through a strict reader', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 2, maxLength: 5 }), { maxLength: 5 }), (rows) => {
        expect(parseCsv(toCsv(['a', 'b'], rows))).toEqual([['a', 'b'], ...rows]);
      }),
    );
  });
});
