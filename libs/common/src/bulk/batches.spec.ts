import fc from 'fast-check';
import { batches } from './batches';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

async function* generate<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('batches', () => {
  it('cuts rows into full batches and a shorter last one', async () => {
    expect(await collect(batches(generate([1, 2, 3, 4, 5]), 2))).toEqual([[1, 2], [3, 4], [5]]);
    expect(await collect(batches([], 3))).toEqual([]);
  });

  it('keeps every row, in order, and no batch is empty or too big', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), async (rows, size) => {
        const cut = await collect(batches(generate(rows), size));
        expect(cut.flat()).toEqual(rows);
        expect(cut.every((batch, i) => batch.length > 0 && (i === cut.length - 1 ? batch.length <= size : batch.length === size))).toBe(true);
      }),
    );
  });

  it('refuses a batch size below one', async () => {
    await expect(collect(batches([1], 0))).rejects.toThrow(RangeError);
  });
});
