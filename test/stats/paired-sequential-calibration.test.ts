/**
 * Calibration of the sequential paired test by seeded simulation (modest sizes; bench/scenarios/
 * sequential-calibration.ts runs the large ones and BENCHMARKS.md records them). Every run is monitored after every
 * pair, as `verdict run --stop-early` does, and stopped at the first rejection: the error rates must still hold.
 * Monte Carlo error: a rate's limit is its target plus three binomial standard errors.
 */
import { describe, expect, it } from 'vitest';
import { binaryPairs, scorePairs, simulatePairedMonitoring } from '../../bench/harness/simulate-paired-monitoring';
import { mcnemarSampleSize, type PairedSequenceState } from '../../stats/index';

const ALPHA = 0.05;
const limit = (rate: number, paths: number) => rate + 3 * Math.sqrt((rate * (1 - rate)) / paths);
const gate = (state: PairedSequenceState): string | null =>
  state.tests.drop.rejectedAt !== null ? 'drop' : state.tests.gain.rejectedAt !== null ? 'gain' : null;
const share = (values: readonly (string | null)[], value: string | null) =>
  values.filter((v) => v === value).length / values.length;

describe('binary outcomes, monitored after every pair up to 2,000 pairs', () => {
  it('identical variants (discordance 15%): false alarms <= alpha, where peeking at a fixed-n McNemar test is not', () => {
    const paths = 400;
    const outcome = simulatePairedMonitoring(binaryPairs({ p11: 0.525, p10: 0.075, p01: 0.075, p00: 0.325 }), {
      paths,
      maxPairs: 2000,
      seed: 20,
      decide: gate,
      peekEvery: 25,
    });
    const falseAlarms = 1 - share(outcome.decisions, null);
    expect(falseAlarms).toBeLessThanOrEqual(limit(ALPHA, paths));
    // The same pairs, checked every 25 items with the exact McNemar test at 0.05 (what people do by hand):
    // far above alpha (about 0.26 in bench/), which is why the sequential test exists.
    const peeking = outcome.peekRejected!.filter(Boolean).length / paths;
    expect(peeking).toBeGreaterThan(2 * ALPHA);
  });

  it('a true 5-point drop (discordance 15%): found, in the right direction, with >= 30% fewer items than the fixed-n exact design of the same power', () => {
    const paths = 300;
    const { decisions, pairsUsed } = simulatePairedMonitoring(
      binaryPairs({ p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 }),
      { paths, maxPairs: 2000, seed: 21, decide: gate },
    );
    const detection = share(decisions, 'drop');
    expect(share(decisions, 'gain')).toBe(0);
    expect(detection).toBeGreaterThan(0.97);
    const meanItems = pairsUsed.reduce((sum, n) => sum + n, 0) / paths;
    const fixed = mcnemarSampleSize({ p10: 0.1, p01: 0.05, alpha: ALPHA, power: detection, method: 'exact' }).n;
    expect(meanItems).toBeLessThan(0.7 * fixed);
  });

  it('non-inferiority at the margin (true d = -m = -0.03): a false claim of non-inferiority <= alpha / 2', () => {
    const paths = 200;
    const { decisions } = simulatePairedMonitoring(binaryPairs({ p11: 0.5, p10: 0.09, p01: 0.06, p00: 0.35 }), {
      paths,
      maxPairs: 1000,
      seed: 22,
      sequence: { margin: 0.03 },
      decide: (s) => (s.tests.nonInferiority.rejectedAt === null ? null : 'non-inferior'),
    });
    expect(share(decisions, 'non-inferior')).toBeLessThanOrEqual(limit(ALPHA / 2, paths));
  });

  it('non-inferiority of identical variants within a 3-point margin is shown in most runs by 2,000 pairs', () => {
    const paths = 100;
    const { decisions, pairsUsed } = simulatePairedMonitoring(
      binaryPairs({ p11: 0.525, p10: 0.075, p01: 0.075, p00: 0.325 }),
      {
        paths,
        maxPairs: 2000,
        seed: 23,
        sequence: { margin: 0.03 },
        decide: (s) => (s.tests.nonInferiority.rejectedAt === null ? null : 'non-inferior'),
      },
    );
    // About 0.7 (bench/ has the figure at 2,000 runs): a margin as small as a fifth of the discordance needs
    // about as many pairs as the fixed-n design would.
    expect(share(decisions, 'non-inferior')).toBeGreaterThan(0.55);
    expect([...pairsUsed].sort((a, b) => a - b)[paths / 2]).toBeLessThan(2000);
  });
});

describe('bounded scores in [0, 1], monitored after every pair up to 1,000 pairs', () => {
  const monitor = (shift: number, paths: number, seed: number) =>
    simulatePairedMonitoring(scorePairs(shift, 0.3), {
      paths,
      maxPairs: 1000,
      seed,
      sequence: { outcome: 'bounded' },
      decide: gate,
    }).decisions;

  it('identical variants: false alarms <= alpha', () => {
    const paths = 200;
    expect(1 - share(monitor(0, paths, 30), null)).toBeLessThanOrEqual(limit(ALPHA, paths));
  });

  it('a drop of 0.05 in mean score is found', () => {
    const decisions = monitor(-0.05, 50, 31);
    expect(share(decisions, 'drop')).toBeGreaterThan(0.9);
    expect(share(decisions, 'gain')).toBe(0);
  });
});
