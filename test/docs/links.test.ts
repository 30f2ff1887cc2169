/** Every relative link in README.md and docs/ points at a file of the repository. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './run-docs';

it('has no broken relative link in README.md or docs/', async () => {
  const files = [
    'README.md',
    ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ];
  const broken: string[] = [];
  for (const file of files) {
    const text = await readFile(join(ROOT, file), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue; // https:, mailto:
      if (!existsSync(join(ROOT, dirname(file), target!))) broken.push(`${file}: ${target}`);
    }
  }
  expect(broken).toEqual([]);
});
