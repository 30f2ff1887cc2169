import { describe, expect, it } from 'vitest';
import { mcnemarDetectableDifference, mcnemarPower } from '../../stats/index';

describe('mcnemarDetectableDifference', () => {
  it('is the difference at which the power reaches the target, at fixed discordance', () => {
    for (const method of ['connor', 'exact'] as const) {
      const delta = mcnemarDetectableDifference({ n: 500, discordance: 0.15, method });
      const power = mcnemarPower({ n: 500, p10: (0.15 - delta) / 2, p01: (0.15 + delta) / 2, method });
      expect(power).toBeCloseTo(0.8, 9);
    }
    expect(mcnemarDetectableDifference({ n: 500, discordance: 0.15 })).toBeCloseTo(0.048410503741, 10);
  });

  it('shrinks as n grows', () => {
    const at = (n: number) => mcnemarDetectableDifference({ n, discordance: 0.2 });
    expect(at(1000)).toBeLessThan(at(500));
  });

  it('is Infinity when no difference within the discordance can reach the power', () => {
    expect(mcnemarDetectableDifference({ n: 30, discordance: 0.03, method: 'exact' })).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects a zero discordance', () => {
    expect(() => mcnemarDetectableDifference({ n: 30, discordance: 0 })).toThrow(
      new RangeError('mcnemarDetectableDifference: `discordance` must be greater than 0, got 0'),
    );
  });
});
