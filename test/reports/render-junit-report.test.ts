import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJUnitReport, simulatedNotice, type VerdictDocument } from '../../reports/index';
import { FIXTURE_NAMES, HOSTILE, loadFixture } from './fixtures';

const XMLLINT = '/usr/bin/xmllint';
const schemas = ['junit-ant.xsd', 'junit-jenkins.xsd'].map(
  (name) => new URL(`../fixtures/junit/${name}`, import.meta.url).pathname,
);
const dir = mkdtempSync(join(tmpdir(), 'verdict-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Validates with xmllint against a vendored XSD; returns xmllint's stderr when invalid. */
function validate(xml: string, schema: string): string | null {
  if (!existsSync(XMLLINT)) {
    throw new Error(`${XMLLINT} is missing: install it with \`apt-get install -y libxml2-utils\` (.ci/run does)`);
  }
  const file = join(dir, 'report.xml');
  writeFileSync(file, xml);
  const result = spawnSync(XMLLINT, ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  return result.status === 0 ? null : result.stderr;
}

/** testcase name -> failure type (or null), read back with xmllint's XPath so entities are decoded by a parser. */
function testcases(xml: string): Array<{ name: string; failure: string | null }> {
  const file = join(dir, 'cases.xml');
  writeFileSync(file, xml);
  const xpath = (expr: string) =>
    execFileSync(XMLLINT, ['--xpath', expr, file], { encoding: 'utf8' }).replace(/\n$/, '');
  const count = Number(xpath('count(//testcase)'));
  return Array.from({ length: count }, (_, i) => ({
    name: xpath(`string((//testcase)[${i + 1}]/@name)`),
    failure:
      Number(xpath(`count((//testcase)[${i + 1}]/failure)`)) > 0
        ? xpath(`string((//testcase)[${i + 1}]/failure/@type)`)
        : null,
  }));
}

describe('renderJUnitReport', () => {
  it.each(FIXTURE_NAMES.flatMap((name) => schemas.map((schema) => ({ name, schema }))))(
    '$name is valid against $schema',
    ({ name, schema }) => {
      expect(validate(renderJUnitReport(loadFixture(name)), schema)).toBeNull();
    },
  );

  it('makes each comparison and each slice a test case; only a comparison that fails the gate fails', () => {
    const doc = loadFixture('regression');
    const cases = testcases(renderJUnitReport(doc));
    const [first, second] = doc.comparisons as [VerdictDocument['comparisons'][0], VerdictDocument['comparisons'][0]];
    const label = `${first.candidate.variant} vs ${first.baseline.variant}`;
    expect(cases).toEqual([
      { name: `${label}: overall`, failure: 'regressed' },
      // Slices never fail, whatever their verdict: JUnit fails exactly when the gate does.
      ...first.slices.map((s) => ({ name: `${label}: ${s.field} = ${s.value}`, failure: null })),
      { name: `${second.candidate.variant} vs ${second.baseline.variant}: overall`, failure: null },
      ...second.slices.map((s) => ({
        name: `${second.candidate.variant} vs ${second.baseline.variant}: ${s.field} = ${s.value}`,
        failure: null,
      })),
    ]);
  });

  it('fails an inconclusive result when non-inferiority is required, not otherwise', () => {
    const edge = loadFixture('no-discordant-pairs');
    expect(testcases(renderJUnitReport(edge))).toEqual([{ name: 'B vs A: overall', failure: 'inconclusive' }]);
    const relaxed = { ...edge, policy: { ...edge.policy, require: 'no-regression' as const } };
    expect(testcases(renderJUnitReport(relaxed))).toEqual([{ name: 'B vs A: overall', failure: null }]);
  });

  it('fails an incomplete comparison, and has a failure for every fixture whose gate fails, none otherwise', () => {
    expect(testcases(renderJUnitReport(loadFixture('incomplete')))).toEqual([
      { name: `v2 ${HOSTILE.img} vs v1: overall`, failure: 'incomplete' },
    ]);
    for (const name of FIXTURE_NAMES) {
      const doc = loadFixture(name);
      const failures = testcases(renderJUnitReport(doc)).filter((c) => c.failure !== null);
      expect(failures.length > 0, name).toBe(!doc.gate.passed);
    }
  });

  it('says in system-out when the data are simulated', () => {
    const file = join(dir, 'simulated.xml');
    writeFileSync(file, renderJUnitReport(loadFixture('improvement-pass-at-k')));
    const out = execFileSync(XMLLINT, ['--xpath', 'string(//system-out)', file], { encoding: 'utf8' });
    expect(out.startsWith(`verdict: Improved, gate PASSED\n${simulatedNotice()}\n`)).toBe(true);
  });

  it('puts the numbers in the failure and escapes hostile strings and control characters', () => {
    const doc = loadFixture('regression');
    const withControl = {
      ...doc,
      comparisons: doc.comparisons.map((c, i) => (i === 0 ? { ...c, reason: 'x\u0007y' } : c)),
    };
    const xml = renderJUnitReport(withControl);
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    expect(xml).toContain('Difference -4.4 points (97.5% CI -8.0 to -1.0), p = 0.003868, n = 500 paired items.');
    expect(validate(xml, schemas[0]!)).toBeNull();
    expect(testcases(xml).map((c) => c.name)).toContain(
      `${doc.candidate.variant} vs ${doc.baseline.variant}: tags.category = ${HOSTILE.script}`,
    );
  });
});
