/**
 * Judge answers served from the output cache count in the savings (issue 17): a `verdict run` process whose
 * scorer is a model judge, targets and judge at one loopback server speaking the OpenAI chat-completions API,
 * the calls counted there. A rerun into a fresh --out calls neither the targets nor the judge, and the run
 * summary, its JSON and the comparison's reports state both kinds of call saved and what they cost.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatCompletionsServer,
  type ChatReply,
  type ChatRequest,
  startChatCompletionsServer,
} from '../helpers/chat-completions-server';
import { resultLines, runCli } from './run-cli-process';

const ITEMS = 12;
let directory: string;
let server: ChatCompletionsServer;

/** Targets answer yes or no by item; the judge passes a submission that says yes. */
const answer = ({ model, prompt }: ChatRequest): ChatReply => {
  if (model === 'judge-model')
    return { content: `Looked at it.\nGRADE: ${/Submission:\s*yes/i.test(prompt) ? 'C' : 'I'}` };
  const n = Number(prompt.slice(1));
  return { content: n % (model === 'base-model' ? 4 : 3) === 0 ? 'no' : 'yes' };
};

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-run-cache-judge-'));
  // Every completion: 12 prompt and 2 completion tokens, $0.016 at the prices below (12 x 1000 + 2 x 2000 per 10^6).
  server = await startChatCompletionsServer(answer, { delayMs: 5, usage: { prompt: 12, completion: 2 } });
  const items = Array.from({ length: ITEMS }, (_, i) =>
    JSON.stringify({ id: `q${i}`, input: `q${i}`, expected: 'yes' }),
  );
  await writeFile(join(directory, 'items.jsonl'), `${items.join('\n')}\n`);
  const target = (model: string) =>
    `{ type: openai, baseURL: "${server.baseURL}", model: ${model}, pricing: { inputPerMillion: 1000, outputPerMillion: 2000 } }`;
  await writeFile(
    join(directory, 'judged.yaml'),
    [
      'name: judged',
      'items: { path: items.jsonl }',
      'variants:',
      `  baseline: ${target('base-model')}`,
      `  candidate: ${target('cand-model')}`,
      'score:',
      '  type: judge',
      `  judge: ${target('judge-model')}`,
      'concurrency: 4',
      'timeoutMs: 10000',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

const callsTo = (model: string) => server.calls.get(model) ?? 0;

describe('verdict run with a model judge and the output cache', () => {
  it('a rerun into a fresh --out calls no target and no judge, and states both savings', {
    timeout: 120_000,
  }, async () => {
    const cache = join(directory, 'cache');
    const run = async (out: string) => {
      const result = await runCli([
        'run',
        join(directory, 'judged.yaml'),
        '--out',
        join(directory, out),
        '--cache',
        cache,
        '--quiet',
        '--json',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout);
    };
    const first = await run('first');
    expect([callsTo('base-model'), callsTo('cand-model'), callsTo('judge-model')]).toEqual([ITEMS, ITEMS, 2 * ITEMS]);
    expect(first.cache).toMatchObject({ hits: 0, judgeHits: 0, costSavedUsd: 0, written: 2 * ITEMS });

    const second = await run('second');
    // Counted at the server: nothing was asked again, of the targets or the judge.
    expect([callsTo('base-model'), callsTo('cand-model'), callsTo('judge-model')]).toEqual([ITEMS, ITEMS, 2 * ITEMS]);
    expect(second.cache).toMatchObject({ hits: 2 * ITEMS, judgeHits: 2 * ITEMS, written: 0 });
    expect(second.cache.costSavedUsd).toBeCloseTo(4 * ITEMS * 0.016, 10);
    expect(second.cache.judgeCostSavedUsd).toBeCloseTo(2 * ITEMS * 0.016, 10);
    for (const line of resultLines(join(directory, 'second'))) {
      const record = JSON.parse(line);
      expect(record).toMatchObject({ cached: true, judge: { attempts: 0, cached: true } });
      expect(record.judge.originalCostUsd).toBeCloseTo(0.016, 12);
      expect(record.judge.costUsd).toBeUndefined();
    }
    // The same outcomes as the run that called everything.
    const outcomes = (out: string) =>
      resultLines(join(directory, out))
        .map((line) => JSON.parse(line))
        .map(({ item, variant, pass }) => `${variant}:${item}:${pass}`)
        .sort();
    expect(outcomes('second')).toEqual(outcomes('first'));

    const text = await runCli([
      'run',
      join(directory, 'judged.yaml'),
      '--out',
      join(directory, 'third'),
      '--cache',
      cache,
      '--quiet',
    ]);
    expect(text.stdout).toContain(
      `cache ${cache}: ${4 * ITEMS} calls saved (${2 * ITEMS} target, ${2 * ITEMS} judge), $${(4 * ITEMS * 0.016).toFixed(4)} saved; 0 entries written`,
    );

    const md = join(directory, 'second.md');
    const compared = await runCli([
      ...['compare', join(directory, 'second'), '--baseline', 'baseline', '--candidate', 'candidate'],
      ...['--md', md],
    ]);
    const saved = `The output cache served ${2 * ITEMS} cells and ${2 * ITEMS} judge answers, so ${4 * ITEMS} calls and $${(4 * ITEMS * 0.016).toFixed(4)} were saved (baseline ${ITEMS} + ${ITEMS} judged, candidate ${ITEMS} + ${ITEMS} judged).`;
    expect(compared.stdout).toContain(saved);
    expect(await readFile(md, 'utf8')).toContain(`| Cache | ${saved} |`);
  });
});
