import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { renderJsonReport, VerdictDocument } from '../../reports/index';
import { jsonReportBytes, jsonReportChunks } from '../../reports/json/render-json-report';
import type { FlipItem, Flips } from '../../src/schema/verdict-document';
import { FIXTURE_NAMES, loadFixture } from './fixtures';

/** `doc` with `flips` as its top-level lists and as its first comparison's (the top-level lists are the first's). */
const withFirstFlips = (doc: VerdictDocument, flips: VerdictDocument['flips']): VerdictDocument => ({
  ...doc,
  flips,
  comparisons: doc.comparisons.map((c, i) => (i === 0 ? { ...c, flips } : c)),
});

/** Each comparison's every flip, described one by one (describeEach) from the first place or from the last. */
const describedInOrder = (doc: VerdictDocument, order: 'first to last' | 'last to first') =>
  doc.comparisons.map(({ flips }) => ({
    passToFail: () => flips.passToFail.values(),
    failToPass: () => flips.failToPass.values(),
    nPassToFail: flips.passToFail.length,
    nFailToPass: flips.failToPass.length,
    describeEach: (direction: 'passToFail' | 'failToPass', visit: (place: number, flip: FlipItem) => void) => {
      const list = flips[direction];
      for (let k = 0; k < list.length; k++) {
        const place = order === 'first to last' ? k : list.length - 1 - k;
        visit(place, list[place] as FlipItem);
      }
    },
  }));

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

describe('jsonReportChunks: the same text in pieces, with every flip written as it comes', () => {
  const wholeText = (doc: VerdictDocument) => `${JSON.stringify(VerdictDocument.parse(doc), null, 2)}\n`;

  it.each(FIXTURE_NAMES)(
    '%s: byte for byte the text JSON.stringify(VerdictDocument.parse(doc), null, 2) writes',
    (name) => {
      const doc = loadFixture(name);
      expect(renderJsonReport(doc)).toBe(wholeText(doc));
      expect([...jsonReportChunks(doc)].join('')).toBe(wholeText(doc));
    },
  );

  it('writes every flip of each comparison from its listing, the limits null, as the document that holds them all', () => {
    // regression has two candidates and lists every flip (flipLimit null); its lists cut to one item, with every
    // flip given as listings, must write the same text.
    const full = loadFixture('regression');
    expect(full.comparisons.length).toBe(2);
    const cut = (flips: Flips): Flips => ({
      ...flips,
      passToFail: flips.passToFail.slice(0, 1),
      failToPass: flips.failToPass.slice(0, 1),
      limit: 1,
    });
    const capped: VerdictDocument = {
      ...full,
      flips: cut(full.flips),
      comparisons: full.comparisons.map((c) => ({ ...c, flips: cut(c.flips) })),
    };
    const everyFlip = full.comparisons.map(({ flips }) => ({
      passToFail: () => flips.passToFail.values(),
      failToPass: () => flips.failToPass.values(),
    }));
    expect(full.comparisons.some((c) => c.flips.passToFail.length + c.flips.failToPass.length > 2)).toBe(true);
    expect(renderJsonReport(capped, { everyFlip })).toBe(wholeText(full));
  });

  it("describes each listing once: the top-level lists, which are the first comparison's, are copied there", () => {
    const full = loadFixture('regression');
    const calls: string[] = [];
    const everyFlip = full.comparisons.map(({ flips }, i) => ({
      passToFail: () => {
        calls.push(`${i} passToFail`);
        return flips.passToFail.values();
      },
      failToPass: () => {
        calls.push(`${i} failToPass`);
        return flips.failToPass.values();
      },
    }));
    expect(renderJsonReport(full, { everyFlip })).toBe(wholeText(full));
    expect(calls).toEqual(['0 passToFail', '0 failToPass', '1 passToFail', '1 failToPass']);
  });

  it('writes a listing that describes its flips in an order of its own (describeEach) at their places', () => {
    const full = loadFixture('regression');
    const calls: string[] = [];
    const everyFlip = full.comparisons.map(({ flips }, i) => ({
      passToFail: () => flips.passToFail.values(),
      failToPass: () => flips.failToPass.values(),
      nPassToFail: flips.passToFail.length,
      nFailToPass: flips.failToPass.length,
      describeEach: (direction: 'passToFail' | 'failToPass', visit: (place: number, flip: FlipItem) => void) => {
        calls.push(`${i} ${direction}`);
        // Last first, as the records' order in a file may be.
        for (let place = flips[direction].length - 1; place >= 0; place--) visit(place, flips[direction][place]!);
      },
    }));
    expect(full.comparisons.some((c) => c.flips.passToFail.length > 1)).toBe(true);
    expect(renderJsonReport(full, { everyFlip })).toBe(wholeText(full));
    expect(calls).toEqual(['0 passToFail', '0 failToPass', '1 passToFail', '1 failToPass']);
    // Refused flips: the error is the first place's, whatever order they were described in.
    const bad = [{ item: 1 }, { item: { not: 'an id' } }, { item: 2, tags: { n: 3 } }];
    const refusing = full.comparisons.map(() => ({
      passToFail: () => bad as never,
      failToPass: () => [],
      nPassToFail: 3,
      nFailToPass: 0,
      describeEach: (direction: 'passToFail' | 'failToPass', visit: (place: number, flip: FlipItem) => void) => {
        if (direction === 'passToFail') for (const place of [2, 0, 1]) visit(place, bad[place] as never);
      },
    }));
    expect(() => renderJsonReport(full, { everyFlip: refusing })).toThrow(ZodError);
    try {
      renderJsonReport(full, { everyFlip: refusing });
    } catch (thrown) {
      expect((thrown as ZodError).issues[0]?.path).toEqual(['flips', 'passToFail', 1, 'item']);
    }
  });

  it('writes a flip longer than a piece, and text beyond ASCII, from bytes held at its place', () => {
    const regression = loadFixture('regression');
    const [first, ...rest] = regression.flips.passToFail;
    if (first === undefined) throw new Error('the fixture has no flip');
    // 280k characters (a piece is 64 Ki), two- to four-byte UTF-8, quotes and a line break to escape.
    const long = { ...first, baselineOutput: 'é😀"\n'.repeat(70_000) };
    const full = withFirstFlips(regression, {
      ...regression.flips,
      passToFail: [long, ...rest, { ...first, item: 'ü' }],
    });
    expect(renderJsonReport(full, { everyFlip: describedInOrder(full, 'first to last') })).toBe(wholeText(full));
  });

  it('writes the same text as UTF-8 bytes (jsonReportBytes, the CLI file writer), each piece its own bytes', () => {
    const regression = loadFixture('regression');
    const [first] = regression.flips.passToFail;
    if (first === undefined) throw new Error('the fixture has no flip');
    const full = withFirstFlips(regression, {
      ...regression.flips,
      passToFail: [...regression.flips.passToFail, { ...first, item: 'é😀' }],
    });
    const everyFlip = describedInOrder(full, 'last to first');
    // Every piece held before any is read: none is overwritten by a later one.
    const pieces = [...jsonReportBytes(full, { everyFlip })];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(wholeText(full));
  });

  it('writes the same file through fs.promises.writeFile with one buffer reused for the pieces (reusePieces)', async () => {
    const regression = loadFixture('regression');
    const [first, ...rest] = regression.flips.passToFail;
    if (first === undefined) throw new Error('the fixture has no flip');
    // More than a piece of flips (64 KiB), one flip longer than a piece, text beyond ASCII: every path of a piece.
    const many = Array.from({ length: 900 }, (_, k) => ({ ...first, item: `é-${k}`, baselineOutput: 'x'.repeat(k) }));
    const long = { ...first, baselineOutput: 'é😀"\n'.repeat(30_000) };
    const full = withFirstFlips(regression, { ...regression.flips, passToFail: [...many, long, ...rest] });
    const dir = mkdtempSync(join(tmpdir(), 'verdict-json-'));
    try {
      const file = join(dir, 'out.json');
      await writeFile(
        file,
        jsonReportBytes(full, { everyFlip: describedInOrder(full, 'last to first'), reusePieces: true }),
      );
      expect(readFileSync(file, 'utf8')).toBe(wholeText(full));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a flip that does not fit the schema, naming its place in the document', () => {
    const doc = loadFixture('regression');
    const bad = [{ item: 1 }, { item: { not: 'an id' } }];
    const everyFlip = doc.comparisons.map(() => ({ passToFail: () => bad as never, failToPass: () => [] }));
    const error = (() => {
      try {
        renderJsonReport(doc, { everyFlip });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]?.path).toEqual(['flips', 'passToFail', 1, 'item']);
  });

  it('keeps an item, a tag or an output that spells the marker a list is cut at', () => {
    const doc = loadFixture('regression');
    const spelled = (k: number) => `\u0000verdict-flip-list-0-${k}`;
    const flip = { item: spelled(0), tags: { [spelled(1)]: spelled(2) }, baselineOutput: `"${spelled(3)}` };
    const withMarkers: VerdictDocument = {
      ...doc,
      reason: spelled(4),
      flips: { ...doc.flips, passToFail: [flip, ...doc.flips.passToFail] },
    };
    const text = renderJsonReport(withMarkers);
    expect(text).toBe(wholeText(withMarkers));
    expect(VerdictDocument.parse(JSON.parse(text)).flips.passToFail[0]).toEqual(flip);
  });
});
