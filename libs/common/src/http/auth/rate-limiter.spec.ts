import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst up to the per-second rate, then asks the caller to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')]).toEqual([0, 0, 0]);
    expect(limiter.take('k')).toBe(1);
    now += 1000;
    expect(limiter.take('k')).toBe(0);
  });

  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('b')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });
});
