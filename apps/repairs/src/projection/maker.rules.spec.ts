import { makerOfModel } from './maker.rules';

describe('makerOfModel', () => {
  it.each([
    ['S21', 'Bitmain'],
    ['S19j Pro', 'Bitmain'],
    ['s19 XP Hyd', 'Bitmain'],
    ['T21', 'Bitmain'],
    ['Antminer S21 XP', 'Bitmain'],
    ['Bitmain Antminer S19', 'Bitmain'],
    ['M50S', 'MicroBT'],
    ['M60S++', 'MicroBT'],
    ['Whatsminer M30S', 'MicroBT'],
    [' m56 ', 'MicroBT'],
    ['Avalon A1466', 'Canaan'],
    ['Avalon Made A1566', 'Canaan'],
    ['Auradine Teraflux AT2880', 'Auradine'],
    ['Teraflux AH3880', 'Auradine'],
    ['', 'unknown'],
    ['S9', 'unknown'],
    ['Mystery Miner', 'unknown'],
    ['M', 'unknown'],
  ])('%p is made by %p', (model, maker) => {
    expect(makerOfModel(model)).toBe(maker);
  });
});
