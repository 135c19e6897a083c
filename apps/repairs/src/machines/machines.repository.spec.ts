import { machineChecker } from './machine.rules';
import { numberArrayLiteral, textArrayLiteral } from './machines.repository';
import { distinctSortedBySerial } from './machines.service';

describe('machine import helpers', () => {
  it('writes PostgreSQL array literals, quoting and escaping where needed', () => {
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral(['A1', 'B 2', 'NULL'])).toBe('{"A1","B 2","NULL"}');
    expect(textArrayLiteral(['a"b', 'c\\d', null, 'x,y'])).toBe('{"a\\"b","c\\\\d",NULL,"x,y"}');
    expect(numberArrayLiteral([200, 172.5, 0.001])).toBe('{200,172.5,0.001}');
  });

  it('keeps sorted batches as they are and sorts and de-duplicates the others, last row winning', () => {
    const row = (serial: string, powerW = 1) => ({ serial, model: 'S21', siteCode: 'S', hashrateThs: 1, powerW, maker: 'Bitmain' });
    const sorted = [row('A'), row('B')];
    expect(distinctSortedBySerial(sorted, [1, 2]).rows).toBe(sorted);
    const mixed = distinctSortedBySerial([row('B', 1), row('A'), row('B', 2), row('B', 3)], [1, 2, 3, 4]);
    expect(mixed.rows.map((r) => [r.serial, r.powerW])).toEqual([['A', 1], ['B', 3]]);
    expect(mixed.rejected).toEqual([
      { row: 1, field: 'serial', reason: 'repeated at row 3, which was used' },
      { row: 3, field: 'serial', reason: 'repeated at row 4, which was used' },
    ]);
  });

  it('checks like checkMachine, sharing repeated values and refusing NUL', () => {
    const check = machineChecker();
    const first = check({ serial: 'A', model: 'Antminer S19 XP', siteCode: 'TX-1', hashrateThs: '141', powerW: '3010' });
    const second = check({ serial: 'B', model: 'Antminer S19 XP'.slice(0), siteCode: 'TX-1', hashrateThs: '141', powerW: '3010' });
    expect(first.ok && second.ok && first.row.maker).toBe('Bitmain');
    const bad = check({ serial: 'A\u0000', model: 'S21', siteCode: 'TX-1', hashrateThs: '1', powerW: '1' });
    expect(bad).toEqual({ ok: false, problems: [{ field: 'serial', reason: 'must not contain NUL characters' }] });
  });
});
