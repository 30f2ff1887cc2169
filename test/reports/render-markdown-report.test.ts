import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  excludedSummary,
  FLIP_COLUMNS,
  flipListHeading,
  itemRefSentence,
  NO_VALUE,
  reasonSentence,
  renderMarkdownReport,
  simulatedNotice,
  verdictHeadline,
} from '../../reports/index';
import { HOSTILE, loadFixture } from './fixtures';

const regression = loadFixture('regression');

/** The cells of a Markdown table row, split on unescaped pipes. */
const cells = (row: string): string[] =>
  row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());

describe('renderMarkdownReport', () => {
  const md = renderMarkdownReport(regression, { maxFlips: 60 }); // every flip: the hostile ids sort last

  it('starts with an emoji-free status word and the headline', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('## verdict: REGRESSED · gate FAILED (exit 1)');
    expect(lines[2]).toBe(
      `**${escapeMarkdown(verdictHeadline(regression, regression.policy))}** ${escapeMarkdown(reasonSentence(regression, regression.policy))}`,
    );
    expect(md).not.toMatch(/\p{Extended_Pictographic}(?<!🚀)/u);
  });

  it('lists the key numbers, the exclusions and the slices with adjusted p-values', () => {
    expect(md).toContain('| Difference (candidate − baseline) | -4.4 points |');
    expect(md).toContain('| p-value | 0.003868 (McNemar score test) |');
    expect(md).toContain('| 97.5% interval | -8.0 to -1.0 (Tango');
    expect(md).toContain('| Pass rate over the paired items | 68.0% → 63.6% |');
    expect(md).toContain(`| Excluded | ${excludedSummary(regression.excluded)} |`);
    expect(md).toContain('| Missing | Missing results: ');
    expect(md).toContain('| Sensitivity | Sensitivity, with missing cells counted as failures');
    expect(md).toContain('### Slices');
    // Slice intervals are at the level of their Holm step, so they agree with the adjusted p-values.
    expect(md).toContain('| 167 | -4.8 points | -12.0 to +1.8 | 0.07364 | 0.2209 | Underpowered |');
  });

  it('escapes every hostile string: no raw HTML, no broken table rows', () => {
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/(^|[^\\])`/m);
    const rows = md.split('\n').filter((line) => line.startsWith('| '));
    const widths = new Map<number, number>();
    let table = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('| ')) table++;
      else widths.set(table, widths.get(table) ?? cells(line).length);
    }
    table = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('| ')) table++;
      else expect(cells(line), line).toHaveLength(widths.get(table)!);
    }
    expect(rows.length).toBeGreaterThan(15);
    expect(md).toContain(escapeMarkdown(HOSTILE.closeScript));
  });

  it('caps the flips and each text', () => {
    const short = renderMarkdownReport(regression, { maxFlips: 1, maxOutputChars: 10 });
    expect(short).toContain(`### ${flipListHeading('Pass → fail', { shown: 1, total: 40 })}\n`);
    expect(short).toContain('### Pass → fail: 40 items, showing 1 of 40\n');
    expect(short.split('\n').filter((l) => l.startsWith('| ') && l.includes('category=')).length).toBe(2);
    // Item 3's candidate was re-run without an output (the last row wins): its output cell says so.
    expect(short).toContain(
      '| 3 | category=&lt;script&gt;alert(1)&lt;/script&gt; | What is 3 … (20 more characters) | 6 | The answer… (7 more characters) |\n',
    );
    const long = md.split('\n').find((l) => l.startsWith('| long-output |'))!;
    expect(long).toContain('… (880 more characters)');
    expect(renderMarkdownReport(regression)).toContain('### Pass → fail: 40 items, showing 10 of 40\n');
    const none = renderMarkdownReport(regression, { maxFlips: 0 });
    expect(none).toContain('### Pass → fail: 40 items, not listed (--flips 0)\n\n### Fail → pass');
    expect(() => renderMarkdownReport(regression, { maxFlips: 1.5 })).toThrow(
      'renderMarkdownReport: `maxFlips` must be an integer >= 0, got 1.5',
    );
  });

  it("shows each flip's question, expected answer, outputs and reasons, on one escaped row each", () => {
    const table = md.slice(md.indexOf('### Pass → fail'), md.indexOf('### Fail → pass'));
    const lines = table.split('\n').filter((l) => l.startsWith('| '));
    expect(cells(lines[0]!)).toEqual([
      FLIP_COLUMNS.item,
      FLIP_COLUMNS.tags,
      FLIP_COLUMNS.input,
      FLIP_COLUMNS.expected,
      FLIP_COLUMNS.baselineOutput,
      FLIP_COLUMNS.candidateOutput,
      FLIP_COLUMNS.candidateReason,
    ]);
    expect(lines).toHaveLength(2 + 40);
    // Numbers first in numeric order, then the text ids; a two-line question stays on its row.
    expect(lines.slice(2, 5).map((l) => cells(l)[0])).toEqual(['3', '4', '5']);
    expect(cells(lines[4]!)).toEqual([
      '5',
      'category=plain "double" \'single\' \\`back\\`',
      'What is 5 + 5? Show your work.',
      '10',
      'The answer is 42.',
      escapeMarkdown(HOSTILE.script),
      escapeMarkdown(`expected 10 | got ${HOSTILE.img}`),
    ]);
    const ref = lines.find((l) => l.startsWith(`| ${escapeMarkdown(`item-${HOSTILE.img}`)} |`))!;
    expect(cells(ref)[2]).toBe(
      escapeMarkdown(itemRefSentence({ file: `items ${HOSTILE.script}.jsonl`, sha256: 'ab'.repeat(32) })),
    );
    expect(cells(ref)[3]).toBe(NO_VALUE);
    const hostile = lines.find((l) => l.startsWith(`| ${escapeMarkdown(HOSTILE.closeScript)} |`))!;
    expect(cells(hostile)[2]).toBe(escapeMarkdown(`${HOSTILE.img} ${HOSTILE.markdown}`));
    expect(cells(hostile)[3]).toBe(escapeMarkdown(HOSTILE.closeScript));
  });

  it('notes simulated data and handles empty lists', () => {
    expect(renderMarkdownReport(loadFixture('improvement-pass-at-k'))).toContain(
      `> ${escapeMarkdown(simulatedNotice())}`,
    );
    const edge = renderMarkdownReport(loadFixture('no-discordant-pairs'), { headingLevel: 1 });
    expect(edge.split('\n')[0]).toBe('# verdict: INCONCLUSIVE · gate FAILED (exit 3)');
    expect(edge).not.toContain('Slices');
    expect(edge).not.toContain('Pass → fail');
  });
});

describe('renderMarkdownReport of an incomplete comparison', () => {
  it('says so in the headline, with what to do', () => {
    const md = renderMarkdownReport(loadFixture('incomplete'));
    expect(md.split('\n')[0]).toBe('## verdict: INCOMPLETE · gate FAILED (exit 4)');
    expect(md).toContain('- To fix: re-run the failed cells');
  });
});

describe('renderMarkdownReport flip tables', () => {
  it('leaves out columns no listed item has', () => {
    const doc = loadFixture('no-discordant-pairs');
    const flips = { ...doc.flips, nPassToFail: 1, passToFail: [{ item: 'django__django-11206' }] };
    const md = renderMarkdownReport({ ...doc, flips, comparisons: [{ ...doc.comparisons[0]!, flips }] });
    expect(md).toContain('### Pass → fail: 1 item\n\n| item |\n| --- |\n| django\\_\\_django-11206 |\n');
  });
});
