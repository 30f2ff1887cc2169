import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VerdictDocument } from '../../reports/index';

const folder = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/verdict-documents');

/** The Verdict documents of test/fixtures/verdict-documents (built by `compare` in build-fixtures.ts there). */
export const FIXTURE_NAMES = [
  'regression',
  'improvement-pass-at-k',
  'score-latency-cost',
  'no-discordant-pairs',
  'incomplete',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

/** Reads and validates one fixture document. */
export const loadFixture = (name: FixtureName): VerdictDocument =>
  VerdictDocument.parse(JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')));

/** The hostile strings the fixtures carry in item ids, variant names, tags and outputs. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  closeScript: '</script><script>window.__pwned=1</script>',
  img: '<img src=x onerror=alert(1)>',
  quotes: `"double" 'single' \`back\``,
  template: '{{constructor.constructor("alert(1)")()}}',
  unicode: 'ünïcødé ∑ 数学 \u2028line\u2029para 🚀',
  markdown: 'a | b `code` *bold* [link](http://x) _u_ # h',
} as const;
