import { describe, expect, it } from 'vitest';
import { renderJsonReport, VerdictDocument } from '../../reports/index';
import { FIXTURE_NAMES, loadFixture } from './fixtures';

describe('renderJsonReport', () => {
  it.each(FIXTURE_NAMES)('%s: pretty JSON that parses back with VerdictDocument to the same document', (name) => {
    const doc = loadFixture(name);
    const text = renderJsonReport(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 2,');
    expect(VerdictDocument.parse(JSON.parse(text))).toEqual(doc);
  });

  it('carries the fields the issue requires', () => {
    const parsed = JSON.parse(renderJsonReport(loadFixture('regression')));
    expect(Object.keys(parsed)).toEqual(
      expect.arrayContaining([
        'verdict',
        'gate',
        'paired',
        'excluded',
        'runs',
        'slices',
        'power',
        'flips',
        'policy',
        'provenance',
      ]),
    );
    expect(Object.keys(parsed.comparisons[0])).toEqual(
      expect.arrayContaining(['incomplete', 'missing', 'sensitivity']),
    );
    expect(Object.keys(parsed.paired)).toEqual(
      expect.arrayContaining(['n', 'n11', 'n10', 'n01', 'n00', 'difference', 'test']),
    );
    // The interval is the one dual to the test: Tango's score interval beside McNemar's score test.
    expect(parsed.paired.difference.method).toBe('tango');
    expect(parsed.paired.test.method).toBe('score');
  });

  it('keeps non-finite odds ratios as strings', () => {
    const parsed = JSON.parse(renderJsonReport(loadFixture('no-discordant-pairs')));
    expect(parsed.paired.oddsRatio).toMatchObject({ estimate: null, upper: 'Infinity' });
  });

  it('refuses an invalid document instead of writing it', () => {
    const doc = loadFixture('regression');
    expect(() => renderJsonReport({ ...doc, verdict: 'worse' as never })).toThrow(/verdict/);
  });
});
