import fc from 'fast-check';
import { groupBy } from './collections';

describe('groupBy', () => {
  it('puts each item in its key’s group, in the items’ order, groups in the order first seen', () => {
    const groups = groupBy(['apple', 'bean', 'avocado', 'beet', 'cherry'], (word) => word[0]);
    expect([...groups.entries()]).toEqual([['a', ['apple', 'avocado']], ['b', ['bean', 'beet']], ['c', ['cherry']]]);
    expect(groupBy([], (item: number) => item).size).toBe(0);
  });

  it('loses and invents nothing: the groups together are the items', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 })), (numbers) => {
        const groups = groupBy(numbers, (n) => n % 3);
        expect([...groups.values()].flat().sort((a, b) => a - b)).toEqual([...numbers].sort((a, b) => a - b));
        for (const [key, group] of groups) expect(group.every((n) => n % 3 === key)).toBe(true);
      }),
    );
  });
});
