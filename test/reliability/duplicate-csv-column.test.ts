/**
 * Issue 11, defect 9 (a duplicated CSV column): `pass,pass` in a results file, or `input,input` in an
 * items file, is refused naming the column and line 1, never read with the last column winning.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadItems, loadResults } from '../../src/index';
import { temporaryDirectory } from '../store/helpers';

describe('a duplicated CSV column', () => {
  it('is refused in a results file, naming it', async () => {
    const file = join(temporaryDirectory(), 'results.csv');
    writeFileSync(file, 'item,variant,pass,pass\nq1,A,1,0\nq1,B,0,1\n');
    await expect(loadResults([file])).rejects.toThrow(
      `${file}:1: \`pass\`: the column appears twice in the header; keep one`,
    );
  });

  it('is refused in an items file, naming it', async () => {
    const file = join(temporaryDirectory(), 'items.csv');
    writeFileSync(file, 'id,input,input\nq1,a,b\n');
    await expect(loadItems(file)).rejects.toThrow(
      `${file}:1: \`input\`: the column appears twice in the header; keep one`,
    );
  });
});
