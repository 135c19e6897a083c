import { ImportBatch, runImport } from './import-runner';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

const definition = (batches: Array<ImportBatch<string>>, batchSize: number) => ({
  requiredColumns: ['id'],
  optionalColumns: ['note'],
  batchSize,
  check: (fields: Record<string, unknown>) =>
    typeof fields.id === 'string' && fields.id !== '' ? { ok: true as const, row: fields.id } : { ok: false as const, problems: [{ field: 'id', reason: 'is required' }] },
  writeBatch: async (batch: ImportBatch<string>) => {
    batches.push(batch);
    return { created: batch.rows.length, updated: 0, unchanged: 0 };
  },
});

describe('runImport', () => {
  it('splits one large chunk into batches no bigger than batchSize, keeping row numbers', async () => {
    const batches: Array<ImportBatch<string>> = [];
    const csv = `id,note\n${['a', 'b', '', 'c', 'd', 'e', 'f'].map((id) => `${id},n`).join('\n')}\n`;
    const summary = await runImport(chunks(csv), 'csv', definition(batches, 2));
    expect(batches.map((b) => b.rows)).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
    expect(batches.map((b) => b.rowNumbers)).toEqual([[1, 2], [4, 5], [6, 7]]);
    expect(summary).toMatchObject({ created: 6, rejectedCount: 1, rejected: [{ row: 3, field: 'id', reason: 'is required' }] });
  });

  it('reads records cut across chunks, even inside a multi-byte character', async () => {
    const batches: Array<ImportBatch<string>> = [];
    const bytes = Buffer.from('id\nzé\nx');
    async function* split(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, 5); // cuts "é" in half
      yield bytes.subarray(5);
    }
    await runImport(split(), 'csv', definition(batches, 10));
    expect(batches.flatMap((b) => b.rows)).toEqual(['zé', 'x']);
  });

  it('answers 400 for an unusable header, and reads JSON the same way', async () => {
    await expect(runImport(chunks('name\nx\n'), 'csv', definition([], 10))).rejects.toMatchObject({ status: 400 });
    const batches: Array<ImportBatch<string>> = [];
    const summary = await runImport(chunks('[{"id":"a"},', '{"id":""},{"id":"b"}]'), 'json', definition(batches, 10));
    expect(batches.flatMap((b) => b.rowNumbers)).toEqual([0, 2]);
    expect(summary.rejected).toEqual([{ row: 1, field: 'id', reason: 'is required' }]);
  });

  it('tells each batch how far the upload had been read when it was cut, and the summary the totals', async () => {
    const batches: Array<ImportBatch<string>> = [];
    const parts = ['id,note\na,1\nb,1\n', ',1\nc,1\nd,1\n', 'e,1\n'];
    const summary = await runImport(chunks(...parts), 'csv', definition(batches, 2));
    const [first, second] = parts.map((part) => Buffer.byteLength(part));
    // Rows a, b; then the empty row (refused) and c, d; then e. Bytes count whole chunks as they are read.
    expect(batches.map((b) => b.readThrough)).toEqual([
      { rows: 2, bytes: first, rejected: 0 },
      { rows: 5, bytes: first + second, rejected: 1 },
      { rows: 6, bytes: first + second + Buffer.byteLength(parts[2]), rejected: 1 },
    ]);
    expect(summary).toMatchObject({ rowsRead: 6, bytesRead: Buffer.byteLength(parts.join('')), rejectedCount: 1 });
  });
});
