import { checkMachine, makerOf } from './machine.rules';

describe('machine rules', () => {
  it('derives the maker from the model', () => {
    expect(makerOf('Antminer S21')).toBe('Bitmain');
    expect(makerOf('S19 XP')).toBe('Bitmain');
    expect(makerOf('T21')).toBe('Bitmain');
    expect(makerOf('Whatsminer M60S')).toBe('MicroBT');
    expect(makerOf('M50')).toBe('MicroBT');
    expect(makerOf('Avalon A1466')).toBe('Canaan');
    expect(makerOf('Teraflux AH3880')).toBe('Auradine');
    expect(makerOf('Mystery 9000')).toBeNull();
  });

  it('accepts CSV strings and JSON numbers alike, and keeps a given maker', () => {
    const fromCsv = checkMachine({ serial: ' A1 ', model: 'S21', siteCode: 'TX-1', hashrateThs: '200.5', powerW: '3500' });
    expect(fromCsv).toEqual({ ok: true, row: { serial: 'A1', model: 'S21', siteCode: 'TX-1', hashrateThs: 200.5, powerW: 3500, maker: 'Bitmain' } });
    const fromJson = checkMachine({ serial: 'A2', model: 'S21', siteCode: 'TX-1', hashrateThs: 200, powerW: 3500, maker: 'Other' });
    expect(fromJson.ok && fromJson.row.maker).toBe('Other');
  });

  it('names every bad field', () => {
    const checked = checkMachine({ serial: '', model: 5, hashrateThs: '-1', powerW: '1.5', color: 'red' });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.map((p) => p.field).sort()).toEqual(['color', 'hashrateThs', 'model', 'powerW', 'serial', 'siteCode']);
  });
});
