/**
 * Every code block of README.md and docs/ runs, so that the documentation cannot rot. The rules per
 * language are in ./code-blocks.ts. Each document gets its own scratch directory holding `examples/` and
 * a finished demo run in `runs/demo/`, and its blocks run in order there.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  type CodeBlock,
  extractCodeBlocks,
  NPM_COMMANDS,
  parseShellBlock,
  RUN_LANGUAGES,
  SKIP_LANGUAGES,
} from './code-blocks';
import { importInProcess, importSources, ROOT, runCliInProcess, runProcess, scratchDirectory } from './run-docs';

const markdownFiles = [
  'README.md',
  ...(await readdir(join(ROOT, 'docs')))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const blocks = new Map<string, CodeBlock[]>();
for (const file of markdownFiles) blocks.set(file, extractCodeBlocks(await readFile(join(ROOT, file), 'utf8'), file));
/** The documents with at least one code block (a page of prose alone has nothing to run). */
const documents = markdownFiles.filter((file) => blocks.get(file)!.length > 0);

const scratch: string[] = [];
let demoFixture: string;
/** tsc's diagnostics per TypeScript block, keyed by `file:line`. */
const typeErrors = new Map<string, string[]>();
const blockName = (block: CodeBlock) => `${block.file}:${block.line}`;
const typeCheckFile = (block: CodeBlock) => `${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.ts`;

beforeAll(async () => {
  demoFixture = await scratchDirectory('docs-demo');
  scratch.push(demoFixture);
  const demo = await runCliInProcess(['demo', '--out', 'runs/demo'], demoFixture);
  if (demo.exitCode !== 0) throw new Error(`verdict demo failed (exit ${demo.exitCode}):\n${demo.stderr}`);

  // Type-check every TypeScript block at once (one tsc run), as a file of its own.
  const directory = await scratchDirectory('docs-types');
  scratch.push(directory);
  const tsBlocks = [...blocks.values()].flat().filter((block) => block.language === 'ts');
  for (const block of tsBlocks) await writeFile(join(directory, typeCheckFile(block)), importSources(block.code));
  const tsconfig = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: true, noUnusedLocals: false },
    include: ['*.ts', join(ROOT, 'types')],
  };
  await writeFile(join(directory, 'tsconfig.json'), JSON.stringify(tsconfig));
  const tsc = await runProcess(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], directory);
  for (const block of tsBlocks) {
    const mine = tsc.stdout.split('\n').filter((line) => line.startsWith(typeCheckFile(block)));
    typeErrors.set(blockName(block), mine);
  }
}, 120_000);

afterAll(async () => {
  for (const directory of scratch) await rm(directory, { recursive: true, force: true });
});

describe.each(documents)('%s', (file) => {
  let directory: string;
  beforeAll(async () => {
    directory = await scratchDirectory('docs');
    scratch.push(directory);
    await cp(join(demoFixture, 'runs/demo'), join(directory, 'runs/demo'), { recursive: true });
  });

  it.each(blocks.get(file)!.map((block) => [`line ${block.line} (${block.language || 'no language'})`, block]))(
    '%s',
    async (_, block) => {
      expect([...RUN_LANGUAGES, ...SKIP_LANGUAGES], `${blockName(block)}: unknown code block language`).toContain(
        block.language,
      );
      if ((SKIP_LANGUAGES as readonly string[]).includes(block.language)) return;
      if (block.writeTo !== undefined) {
        const target = join(directory, block.writeTo);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, block.language === 'ts' ? importSources(block.code) : `${block.code}\n`);
      }
      await checkBlock(block, directory);
    },
    // A run starts a worker thread per cell run at once, each loading tsx: seconds on a busy machine.
    120_000,
  );
});

async function checkBlock(block: CodeBlock, directory: string): Promise<void> {
  const where = blockName(block);
  switch (block.language) {
    case 'sh':
      for (const command of parseShellBlock(block.code)) {
        const args = cliArguments(command.argv, where);
        if (args === 'already-done') continue;
        const result = await runCliInProcess(args, directory);
        expect(result.exitCode, `${where}: \`${command.text}\`\n${result.stderr}`).toBe(command.expectedExitCode);
      }
      return;
    case 'ts': {
      expect(typeErrors.get(where), `${where}: type errors`).toEqual([]);
      const file = block.writeTo ?? `block-${block.line}.ts`;
      if (block.writeTo === undefined) await writeFile(join(directory, file), importSources(block.code));
      await importInProcess(file, directory);
      return;
    }
    case 'yaml':
      for (const doc of parseAllDocuments(block.code)) expect(doc.errors.map(String), `${where}: YAML`).toEqual([]);
      return;
    case 'json':
      expect(() => JSON.parse(block.code), `${where}: JSON`).not.toThrow();
      return;
    case 'jsonl':
      for (const line of block.code.split('\n').filter((l) => l.trim() !== '')) {
        expect(() => JSON.parse(line), `${where}: JSON line ${line}`).not.toThrow();
      }
      return;
  }
}

/** The CLI arguments of a documented command, or 'already-done' for npm commands the suite needs no rerun of. */
function cliArguments(argv: readonly string[], where: string): readonly string[] | 'already-done' {
  const words = argv[0] === 'npx' ? argv.slice(1) : argv;
  if (words[0] === 'verdict') return words.slice(1);
  if (argv.slice(0, 4).join(' ') === 'npm run verdict --') return argv.slice(4);
  const npm = NPM_COMMANDS[argv.join(' ')];
  if (npm !== undefined) return npm;
  throw new Error(`${where}: \`${argv.join(' ')}\` is not a verdict command; mark the block \`console\``);
}
