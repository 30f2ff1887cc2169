import { formatPValue } from '../../src/schema/format-number';
import { parseVerdictDocument } from '../../src/schema/parse-verdict-document';
import type { Comparison, Policy, VerdictDocument, VerdictKind } from '../../src/schema/verdict-document';
import { escapeXml } from '../escape/escape-xml';
import {
  analysisSentence,
  cacheSavingsSentence,
  detectableSentence,
  effectSampleSentence,
  excludedSummary,
  gateWords,
  incompleteFixes,
  keyNumbersLine,
  missingSentence,
  reasonSentence,
  sensitivitySentence,
  simulatedNotice,
  unfinishedRunsSentence,
  verdictHeadline,
  verdictLabel,
} from '../messages';

/**
 * Whether a comparison fails the gate, as the document's `gate` does for the overall verdict (src/analysis/gate.ts):
 * a regression, an incomplete comparison, or an inconclusive result when non-inferiority is required. Slices never
 * fail: they inform, and only the overall comparison decides the exit code, so JUnit fails exactly when the gate does.
 */
export const comparisonFails = (verdict: VerdictKind, require: Policy['require']): boolean =>
  verdict === 'regressed' || verdict === 'incomplete' || (verdict === 'inconclusive' && require === 'non-inferiority');

const attr = (value: string | number): string => escapeXml(String(value), { attribute: true });

/** `YYYY-MM-DDTHH:MM:SS` (the Ant schema's timestamp: no zone, no fraction) from an ISO time, or the epoch. */
function junitTimestamp(createdAt: string): string {
  const time = Date.parse(createdAt);
  return Number.isNaN(time) ? '1970-01-01T00:00:00' : new Date(time).toISOString().slice(0, 19);
}

interface TestCase {
  readonly name: string;
  readonly failure: { readonly type: string; readonly message: string; readonly body: string } | null;
}

function comparisonCases(c: Comparison, policy: Policy): TestCase[] {
  const label = `${c.candidate.variant} vs ${c.baseline.variant}`;
  const overall: TestCase = {
    name: `${label}: overall`,
    failure: comparisonFails(c.verdict, policy.require)
      ? {
          type: c.verdict,
          message: `${verdictLabel(c.verdict)}: ${verdictHeadline(c, policy)} ${keyNumbersLine(c.paired, policy.metric)}`,
          body: [
            reasonSentence(c, policy),
            ...incompleteFixes(c),
            keyNumbersLine(c.paired, policy.metric),
            `Adjusted p (across candidates): ${formatPValue(c.adjustedPValue)}.`,
            missingSentence(c.missing),
            sensitivitySentence(c, policy.metric),
            `Flips: ${c.flips.nPassToFail} pass -> fail, ${c.flips.nFailToPass} fail -> pass.`,
            detectableSentence(c.power, policy.metric),
            effectSampleSentence(c.power, policy.metric) ?? '',
          ]
            .filter((line) => line !== '')
            .join('\n'),
        }
      : null,
  };
  const slices = c.slices.map((s): TestCase => ({ name: `${label}: ${s.field} = ${s.value}`, failure: null }));
  return [overall, ...slices];
}

/** The slices' verdicts, for the suite's output (slices never fail a test case). */
const sliceLines = (c: Comparison, policy: Policy): string[] =>
  c.slices.map(
    (s) =>
      `${s.field} = ${s.value}: ${verdictLabel(s.verdict)}. ${keyNumbersLine(s.paired, policy.metric)} Adjusted p (${policy.correction}) = ${formatPValue(s.adjustedPValue)}.`,
  );

/**
 * The Verdict document as JUnit XML, so a CI system shows the gate next to the unit tests: one `<testsuite>` per
 * candidate, one `<testcase>` for the overall comparison and one per slice. A test case fails exactly when the
 * gate fails for that comparison (`comparisonFails`, the exit codes' rule); slices never fail, their verdicts are
 * in the suite's output. Valid against the Apache Ant JUnit schema (the strictest of the common ones) and
 * Jenkins' junit-10.xsd; every string is XML-escaped.
 * @throws {ZodError} if `doc` is not a valid Verdict document
 * @example await writeFile('verdict.junit.xml', renderJUnitReport(doc))
 */
export function renderJUnitReport(doc: VerdictDocument): string {
  const valid = parseVerdictDocument(doc);
  const { policy } = valid;
  const timestamp = junitTimestamp(valid.provenance.createdAt);
  const suites = valid.comparisons.map((c, id) => {
    const cases = comparisonCases(c, policy);
    const failures = cases.filter((t) => t.failure !== null).length;
    const properties: Array<[string, string]> = [
      ['verdict', c.verdict],
      ['reason', c.reason],
      ['baseline', c.baseline.variant],
      ['candidate', c.candidate.variant],
      ['analysis', policy.analysis],
      ['metric', policy.metric],
      ['require', policy.require],
      ['alpha', String(policy.alpha)],
      [
        'margin',
        policy.metric === 'pass' ? `${Number((policy.margin * 100).toPrecision(12))} points` : String(policy.margin),
      ],
      ['test', c.paired.test.method],
      ['interval', c.paired.difference.method],
      ['correction', policy.correction],
    ];
    const testcases = cases.map((t) =>
      t.failure === null
        ? `    <testcase classname="verdict.compare" name="${attr(t.name)}" time="0"/>`
        : `    <testcase classname="verdict.compare" name="${attr(t.name)}" time="0">\n` +
          `      <failure type="${attr(t.failure.type)}" message="${attr(t.failure.message)}">${escapeXml(t.failure.body)}</failure>\n` +
          '    </testcase>',
    );
    const unfinished = unfinishedRunsSentence(valid);
    const summary = [
      `verdict: ${verdictLabel(valid.verdict)}, ${gateWords(valid.gate)}`,
      ...(valid.simulated ? [simulatedNotice()] : []),
      ...(unfinished ? [unfinished] : []),
      verdictHeadline(c, policy),
      keyNumbersLine(c.paired, policy.metric),
      analysisSentence(c.paired, policy),
      missingSentence(c.missing),
      sensitivitySentence(c, policy.metric),
      excludedSummary(valid.excluded),
      ...(cacheSavingsSentence(valid.variants) ? [cacheSavingsSentence(valid.variants)!] : []),
      ...sliceLines(c, policy),
    ];
    return [
      `  <testsuite name="${attr(`verdict: ${c.candidate.variant} vs ${c.baseline.variant}`)}" package="verdict" id="${id}" ` +
        `tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0" timestamp="${timestamp}" hostname="localhost">`,
      '    <properties>',
      ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
      '    </properties>',
      ...testcases,
      `    <system-out>${escapeXml(summary.join('\n'))}</system-out>`,
      '    <system-err></system-err>',
      '  </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}
