import { describe, expect, it } from 'vitest';
import { extractCodeBlocks, parseShellBlock } from './code-blocks';

describe('extractCodeBlocks', () => {
  it('finds fenced blocks with their language, line, file= target and body', () => {
    const markdown = [
      '# Title',
      '',
      '```ts file=exp.ts',
      'export default {};',
      '```',
      'text',
      '~~~sh',
      'verdict demo',
      '~~~',
    ].join('\n');
    expect(extractCodeBlocks(markdown, 'doc.md')).toEqual([
      { file: 'doc.md', line: 3, language: 'ts', writeTo: 'exp.ts', code: 'export default {};' },
      { file: 'doc.md', line: 7, language: 'sh', writeTo: undefined, code: 'verdict demo' },
    ]);
  });
});

describe('parseShellBlock', () => {
  it('splits && chains, reads `# exit N` for the last command, and honours quotes', () => {
    const commands = parseShellBlock(
      ['npm install && npm run demo', `verdict compare "a b.jsonl" --by 'tags.x' # exit 1`].join('\n'),
    );
    expect(commands).toEqual([
      { argv: ['npm', 'install'], expectedExitCode: 0, text: 'npm install' },
      { argv: ['npm', 'run', 'demo'], expectedExitCode: 0, text: 'npm run demo' },
      {
        argv: ['verdict', 'compare', 'a b.jsonl', '--by', 'tags.x'],
        expectedExitCode: 1,
        text: 'verdict compare a b.jsonl --by tags.x',
      },
    ]);
  });

  it('refuses shell syntax it would not run faithfully', () => {
    expect(() => parseShellBlock('verdict summary r.jsonl | head')).toThrow(
      'shell syntax `|` in a runnable `sh` block (mark the block `console`): verdict summary r.jsonl | head',
    );
  });
});
