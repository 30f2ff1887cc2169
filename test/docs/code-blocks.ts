/**
 * The fenced code blocks of a Markdown file, and the rules by which the docs test treats them.
 *
 * Every block's language must be one the test knows, so that no block escapes by accident:
 * - `sh`: commands, run in order in the document's scratch directory. Each line (`&&` chains too) must be
 *   `verdict ...`, `npx verdict ...`, `npm run verdict -- ...` or one of the npm commands in
 *   {@link NPM_COMMANDS}. A trailing `# exit N` comment states the exit code the command must give
 *   (default 0).
 * - `ts`: type-checked, then executed with tsx in the scratch directory (`verdict`, `verdict/stats` and
 *   `verdict/reports` resolve to the sources).
 * - `yaml`, `json`, `jsonl`: parsed (every document, every line); `csv`: written only (with `file=`),
 *   for the commands after it to read.
 * - any of those with `file=NAME` after the language: also written to NAME in the scratch directory,
 *   before the blocks after it run (an experiment file, then the command that runs it).
 * - skipped by rule: `text` (output as printed), `console` (commands for another machine: a CI runner,
 *   a global install), `html`, `diff`, `r` (the reference implementation's code), `math`.
 */

export const RUN_LANGUAGES = ['sh', 'ts', 'yaml', 'json', 'jsonl', 'csv'] as const;
export const SKIP_LANGUAGES = ['text', 'console', 'html', 'diff', 'r', 'math'] as const;

/** npm commands a reader runs in the repository; the test is already installed and is the test suite. */
export const NPM_COMMANDS: Readonly<Record<string, readonly string[] | 'already-done'>> = {
  'npm install': 'already-done',
  'npm ci': 'already-done',
  'npm test': 'already-done',
  'npm run demo': ['demo'],
};

export interface CodeBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  /** `file=NAME` from the info string, if any. */
  readonly writeTo: string | undefined;
  readonly code: string;
}

/** The fenced blocks (``` or ~~~) of `markdown`, in order. */
export function extractCodeBlocks(markdown: string, file: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, language, info] = open as unknown as [string, string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trimStart().startsWith(fence)) body.push(lines[j++]!.slice(indent.length));
    const writeTo = /(?:^|\s)file=(\S+)/.exec(info)?.[1];
    blocks.push({ file, line: i + 1, language, writeTo, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

export interface ShellCommand {
  readonly argv: readonly string[];
  readonly expectedExitCode: number;
  readonly text: string;
}

/**
 * The commands of an `sh` block: one per line, `&&` chains split, `# exit N` read, other comments
 * dropped. Quotes work as in a POSIX shell (single: literal; double: backslash escapes `"` and `\`).
 * @throws {Error} for a pipe, a redirection or an unterminated quote: such a block must be `console`.
 */
export function parseShellBlock(code: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const rawLine of code.split('\n')) {
    const exit = /#\s*exit\s+(\d+)\s*$/.exec(rawLine);
    const words = tokenize(rawLine);
    const chain: string[][] = [[]];
    for (const word of words) {
      if (word === '&&') chain.push([]);
      else chain.at(-1)!.push(word);
    }
    const parts = chain.filter((argv) => argv.length > 0);
    for (const [index, argv] of parts.entries()) {
      const expectedExitCode = exit && index === parts.length - 1 ? Number(exit[1]) : 0;
      commands.push({ argv, expectedExitCode, text: argv.join(' ') });
    }
  }
  return commands;
}

/** Split one line into words; `&&` is its own word; `#` at a word start ends the line. */
function tokenize(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '#' && word === undefined) return words;
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      let text = '';
      for (i++; i < line.length && line[i] !== '"'; i++) text += line[i] === '\\' ? line[++i] : line[i];
      if (i >= line.length) throw new Error(`unterminated quote in: ${line}`);
      word = (word ?? '') + text;
    } else if (char === '&' && line[i + 1] === '&' && word === undefined) {
      words.push('&&');
      i++;
    } else if ('|<>;`$'.includes(char)) {
      throw new Error(`shell syntax \`${char}\` in a runnable \`sh\` block (mark the block \`console\`): ${line}`);
    } else {
      word = (word ?? '') + (char === '\\' ? (line[++i] ?? '') : char);
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
