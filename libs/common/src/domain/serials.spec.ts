import { lineSerialProblems } from './serials';

describe('lineSerialProblems', () => {
  it('accepts lines without serials and lines naming one serial per unit', () => {
    expect(lineSerialProblems([{ quantity: 3 }, { quantity: 2, serials: ['A', 'B'] }])).toEqual([]);
  });

  it('names the line whose serials do not match its quantity', () => {
    expect(lineSerialProblems([{ quantity: 1 }, { quantity: 2, serials: ['A'] }])).toEqual(['lines.1.serials must list one serial per unit: 2, not 1']);
  });

  it('names a serial repeated within a line or across lines, once', () => {
    expect(lineSerialProblems([{ quantity: 3, serials: ['A', 'A', 'A'] }], 'harvest')).toEqual(['harvest.0.serials repeats A']);
    expect(lineSerialProblems([{ quantity: 1, serials: ['A'] }, { quantity: 2, serials: ['B', 'A'] }])).toEqual(['lines.1.serials repeats A']);
  });
});
