import { lineSerialProblems, MAX_SERIALS_PER_EVENT } from './serials';

describe('lineSerialProblems', () => {
  it('accepts lines without serials and lines naming one serial per unit', () => {
    expect(lineSerialProblems([{ quantity: 3 }, { quantity: 2, serials: ['A', 'B'] }])).toEqual([]);
  });

  it('names the line whose serials do not match its quantity', () => {
    expect(lineSerialProblems([{ quantity: 1 }, { quantity: 2, serials: ['A'] }])).toEqual(['lines.1.serials must list one serial per unit: 2, not 1']);
  });

  it('allows at most MAX_SERIALS_PER_EVENT serials over all lines', () => {
    const serials = (from: number, count: number) => Array.from({ length: count }, (_, i) => `S${from + i}`);
    const half = MAX_SERIALS_PER_EVENT / 2;
    expect(lineSerialProblems([{ quantity: half, serials: serials(0, half) }, { quantity: half, serials: serials(half, half) }])).toEqual([]);
    expect(lineSerialProblems([{ quantity: half, serials: serials(0, half) }, { quantity: half + 1, serials: serials(half, half + 1) }])).toEqual([
      `lines: at most ${MAX_SERIALS_PER_EVENT} serials in all (got ${MAX_SERIALS_PER_EVENT + 1})`,
    ]);
  });

  it('names a serial repeated within a line or across lines, once', () => {
    expect(lineSerialProblems([{ quantity: 3, serials: ['A', 'A', 'A'] }], 'harvest')).toEqual(['harvest.0.serials repeats A']);
    expect(lineSerialProblems([{ quantity: 1, serials: ['A'] }, { quantity: 2, serials: ['B', 'A'] }])).toEqual(['lines.1.serials repeats A']);
  });
});
