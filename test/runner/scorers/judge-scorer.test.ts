import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryCache } from '../../../src/cache/index';
import { loadExperiment } from '../../../src/runner/load-experiment';
import { runExperiment } from '../../../src/runner/run-experiment';
import { readGrade } from '../../../src/runner/scorers/judge-grade';
import { judgePrompt } from '../../../src/runner/scorers/judge-prompt';
import type { CellRecord } from '../../../src/schema/cell-record';
import type { Experiment, OpenAITargetConfig } from '../../../src/schema/experiment-definition';
import { InputError } from '../../../src/schema/input-error';
import type { JudgeScorerConfig } from '../../../src/schema/scorer-config';
import {
  type ChatCompletionsServer,
  type ChatCompletionsServerOptions,
  type ChatReply,
  type ChatRequest,
  startChatCompletionsServer,
} from '../../helpers/chat-completions-server';

let dir: string;
let server: ChatCompletionsServer | undefined;

/** The judge's usage on every completion. */
const JUDGE_USAGE: ChatCompletionsServerOptions = { usage: { prompt: 50, completion: 20 } };
const startJudgeServer = (answer: (request: ChatRequest) => ChatReply) =>
  startChatCompletionsServer(answer, JUDGE_USAGE);

/** A section of the default judge prompt (`[Submitted answer]` ... `[End of submitted answer]`). */
function promptSection(prompt: string, title: string): string | undefined {
  const start = prompt.indexOf(`[${title}]\n`);
  const end = prompt.indexOf(`\n[End of ${title.toLowerCase()}]`);
  return start === -1 || end === -1 ? undefined : prompt.slice(start + title.length + 3, end);
}

/**
 * A judge that grades like a careful one: reasoning, then `GRADE: C` when the submission contains the
 * reference answer, else `GRADE: I`.
 */
function gradeByReference(request: ChatRequest): ChatReply {
  const reference = promptSection(request.prompt, 'Reference answer') ?? '';
  const submitted = promptSection(request.prompt, 'Submitted answer') ?? '';
  return submitted.includes(reference)
    ? { content: `The submission says ${submitted}, which matches ${reference}.\nGRADE: C` }
    : { content: `The submission says ${submitted}, but the reference is ${reference}.\nGRADE: I` };
}
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verdict-judge-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const items = [
  { id: 'q1', input: 'Capital of France?', expected: 'Paris' },
  { id: 'q2', input: 'Capital of Italy?', expected: 'Rome' },
  { id: 'q3', input: 'Capital of Spain?', expected: 'Madrid' },
  { id: 'q4', input: 'Capital of Peru?', expected: 'Lima' },
];
const answers: Record<string, string> = {
  'Capital of France?': 'It is Paris.',
  'Capital of Italy?': 'Milan, I believe.',
  'Capital of Spain?': 'Madrid',
  'Capital of Peru?': 'Cusco',
};

/** A judge config whose judge is an openai target (so that tests can change its fields). */
type OpenAIJudge = JudgeScorerConfig & { readonly judge: OpenAITargetConfig };

function judgeConfig(baseURL: string, more: Partial<Omit<JudgeScorerConfig, 'judge'>> = {}): OpenAIJudge {
  return {
    type: 'judge',
    judge: {
      type: 'openai',
      baseURL,
      model: 'grader-1',
      temperature: 0,
      pricing: { inputPerMillion: 1, outputPerMillion: 2 },
    },
    ...more,
  };
}

/** Two variants on the same questions: A answers from `answers`, B always says Paris. */
function experiment(score: JudgeScorerConfig, more: Partial<Experiment> = {}): Experiment {
  return {
    name: 'judged',
    items,
    variants: {
      A: (input, ctx) => {
        ctx.report({ costUsd: 0.001 });
        return answers[input as string];
      },
      B: () => 'Paris',
    },
    score,
    retries: { max: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...more,
  };
}

async function run(exp: Experiment, options: Parameters<typeof runExperiment>[1] = {}) {
  const records: CellRecord[] = [];
  const summary = await runExperiment(exp, {
    isolation: 'in-process',
    onWarning: () => {},
    ...options,
    onResult: (record) => {
      records.push(record);
    },
  });
  const by = (item: string, variant: string) => records.find((r) => r.item === item && r.variant === variant)!;
  return { summary, records, by };
}

describe('the judge scorer against a loopback OpenAI-compatible judge', () => {
  it('grades pass and fail, stores the judge reasoning as reason and its usage apart from the target', async () => {
    server = await startJudgeServer(gradeByReference);
    const { summary, by } = await run(experiment(judgeConfig(server.baseURL)));
    expect(summary.status).toBe('completed');
    expect(summary.variants.A).toMatchObject({ ok: 4, passes: 2, error: 0 });
    expect(summary.variants.B).toMatchObject({ ok: 4, passes: 1, error: 0 });
    expect(by('q1', 'A')).toMatchObject({ status: 'ok', pass: true, score: 1 });
    expect(by('q2', 'A')).toMatchObject({ status: 'ok', pass: false, score: 0 });
    expect(by('q2', 'A').reason).toBe('The submission says Milan, I believe., but the reference is Rome.\nGRADE: I');
    // The judge's calls are counted apart: the record's costUsd is the target's alone.
    const judged = by('q1', 'A');
    expect(judged.costUsd).toBeCloseTo(0.001, 12);
    expect(judged.judge).toMatchObject({ attempts: 1, tokens: { prompt: 50, completion: 20, total: 70 } });
    expect(judged.judge!.costUsd).toBeCloseTo((50 * 1 + 20 * 2) / 1e6, 12);
    expect(judged.judge!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(8);
    expect(server.requests.every((request) => request.model === 'grader-1')).toBe(true);
    // The run's cost (and maxCostUsd) counts both: 4 target calls of A at $0.001, 8 judge calls at $0.00009.
    expect(summary.costUsd).toBeCloseTo(4 * 0.001 + 8 * ((50 * 1 + 20 * 2) / 1e6), 12);
    // The default prompt holds the question, the reference and the answer, each in its own section.
    const prompt = server.requests.find((request) => request.prompt.includes('Capital of Peru?'))!.prompt;
    expect(promptSection(prompt, 'Task')).toBe('Capital of Peru?');
    expect(promptSection(prompt, 'Reference answer')).toBe('Lima');
    expect(prompt).toContain('GRADE: C');
  });

  it('reads a JSON grade ({ reason, pass, score }), fenced or bare, and a partial letter grade', async () => {
    server = await startJudgeServer((request) => {
      const submitted = promptSection(request.prompt, 'Submitted answer')!;
      if (submitted === 'Paris') return { content: '```json\n{"reason": "exact", "pass": true, "score": 0.9}\n```' };
      if (submitted.includes('Paris')) return { content: 'Here you go: {"reason": "wordy but right", "score": 0.7}' };
      return { content: '{"reason": "wrong city", "pass": false}' };
    });
    const { by } = await run(experiment(judgeConfig(server.baseURL, { grade: 'json' })));
    expect(by('q1', 'B')).toMatchObject({ status: 'ok', pass: true, score: 0.9, reason: 'exact' });
    expect(by('q1', 'A')).toMatchObject({ status: 'ok', pass: true, score: 0.7, reason: 'wordy but right' });
    expect(by('q2', 'A')).toMatchObject({ status: 'ok', pass: false, score: 0, reason: 'wrong city' });
    expect(server.requests[0]!.prompt).toContain('Reply with one JSON object');
  });

  it('makes a cell an error, never a failure, when the judge answers with no readable grade, and says what came back', async () => {
    server = await startJudgeServer((request) =>
      request.prompt.includes('Capital of France?') ? { content: 'Looks fine to me!' } : gradeByReference(request),
    );
    const { summary, by } = await run(experiment(judgeConfig(server.baseURL)));
    for (const variant of ['A', 'B']) {
      const record = by('q1', variant);
      expect(record.status).toBe('error');
      expect(record).not.toHaveProperty('pass');
      expect(record.error).toContain('no "GRADE: <letter>" line');
      expect(record.error).toContain('"Looks fine to me!"');
      expect(record.output).toBe(variant === 'A' ? 'It is Paris.' : 'Paris');
      // Not retried: the same question gets the same answer.
      expect(record.judge).toMatchObject({ attempts: 1 });
    }
    expect(summary).toMatchObject({ ok: 6, error: 2, timeout: 0 });
    expect(summary.variants.A).toMatchObject({ ok: 3, passes: 1, error: 1 });
  });

  it('retries a judge that fails transiently, and makes the cell an error when it keeps failing or fails for good', async () => {
    server = await startJudgeServer((request): ChatReply => {
      if (request.prompt.includes('Capital of France?')) return { status: 500 }; // always
      if (request.prompt.includes('Capital of Italy?'))
        return request.count <= 2 ? { status: 429, headers: { 'retry-after-ms': '3' } } : gradeByReference(request);
      if (request.prompt.includes('Capital of Spain?')) return { status: 401, body: '{"error":"bad key"}' };
      return gradeByReference(request);
    });
    const { summary, by } = await run(experiment(judgeConfig(server.baseURL)));
    // q1: 1 + 2 retries, all 500: error, not a failure of the candidate.
    const broken = by('q1', 'A');
    expect(broken).toMatchObject({ status: 'error', judge: { attempts: 3 } });
    expect(broken).not.toHaveProperty('pass');
    expect(broken.error).toMatch(/judge grader-1 failed after 3 attempts: .*HTTP 500/);
    expect(broken.attempts).toBe(1); // the target's own calls
    // q2: two 429s, then a grade.
    expect(by('q2', 'A')).toMatchObject({ status: 'ok', pass: false, judge: { attempts: 3 } });
    expect(by('q2', 'B')).toMatchObject({ status: 'ok', pass: false, judge: { attempts: 3 } });
    // q3: a 401 is permanent: one attempt.
    expect(by('q3', 'A')).toMatchObject({ status: 'error', judge: { attempts: 1 } });
    expect(by('q3', 'A').error).toContain('HTTP 401');
    expect(summary).toMatchObject({ ok: 4, error: 4, timeout: 0 });
    expect(summary.variants.A).toMatchObject({ ok: 2, passes: 0, error: 2 });
    expect(summary.variants.B).toMatchObject({ ok: 2, passes: 0, error: 2 });
    const sent = (text: string) => server!.requests.filter((request) => request.prompt.includes(text)).length;
    expect([sent('France'), sent('Italy'), sent('Spain'), sent('Peru')]).toEqual([6, 6, 2, 2]);
  });

  it('ends a cell whose judge hangs at its deadline as a timeout', async () => {
    server = await startJudgeServer((request) =>
      request.prompt.includes('Capital of France?') ? { hang: true } : gradeByReference(request),
    );
    const { summary, by } = await run(experiment(judgeConfig(server.baseURL), { timeoutMs: 3000 }));
    expect(by('q1', 'A')).toMatchObject({ status: 'timeout' });
    expect(by('q1', 'A').error).toContain('scorer timed out after 3000 ms');
    expect(summary).toMatchObject({ ok: 6, timeout: 2, error: 0 });
  });

  it('fills a custom template and sends the judge its system prompt', async () => {
    server = await startJudgeServer((request) => ({
      content: request.prompt.endsWith('ANSWER=Paris') ? 'GRADE: C' : 'grade: i',
    }));
    const config = judgeConfig(server.baseURL, {
      template: 'Q={{input}} REF={{ expected }} RUBRIC={{rubric}} {{instructions}} ANSWER={{output}}',
      rubric: 'Must be the capital.',
    });
    const judge = { ...config.judge, system: 'You are a strict grader.' };
    const { by } = await run(experiment({ ...config, judge }));
    expect(by('q1', 'B')).toMatchObject({ status: 'ok', pass: true });
    expect(by('q1', 'A')).toMatchObject({ status: 'ok', pass: false });
    const first = server.requests.find((request) => request.prompt.startsWith('Q=Capital of France? REF=Paris'))!;
    expect(first.prompt).toContain('RUBRIC=Must be the capital. Decide whether');
    expect(first.system).toBe('You are a strict grader.');
  });
});

describe('the judge and the output cache', () => {
  it('serves a kept judge answer on a second run, and asks again when the rubric changes', async () => {
    server = await startJudgeServer(gradeByReference);
    const cache = new DirectoryCache(join(dir, 'cache'));
    let targetCalls = 0;
    const counted = (config: JudgeScorerConfig): Experiment => ({
      ...experiment(config),
      variants: {
        A: async (input) => {
          targetCalls++;
          return answers[input as string];
        },
        B: async () => {
          targetCalls++;
          return 'Paris';
        },
      },
    });
    const first = await run(counted(judgeConfig(server.baseURL)), { cache });
    expect(server.requests).toHaveLength(8);
    expect(targetCalls).toBe(8);

    const second = await run(counted(judgeConfig(server.baseURL)), { cache });
    expect(server.requests).toHaveLength(8);
    expect(targetCalls).toBe(8);
    expect(second.by('q2', 'A')).toMatchObject({
      status: 'ok',
      pass: false,
      cached: true,
      judge: { attempts: 0, cached: true },
    });
    expect(second.by('q2', 'A').reason).toBe(first.by('q2', 'A').reason);

    // A changed rubric is another prompt: the judge is asked again; the target outputs are still served.
    const third = await run(counted(judgeConfig(server.baseURL, { rubric: 'Names the capital city.' })), { cache });
    expect(server.requests).toHaveLength(16);
    expect(targetCalls).toBe(8);
    expect(third.by('q1', 'A')).toMatchObject({ status: 'ok', cached: true, judge: { attempts: 1 } });
    expect(promptSection(server.requests[15]!.prompt, 'Criterion')).toBe('Names the capital city.');
    // Another judge model misses too.
    const other = judgeConfig(server.baseURL);
    await run(counted({ ...other, judge: { ...other.judge, model: 'grader-2' } }), { cache });
    expect(server.requests).toHaveLength(24);
  }, 60_000);
});

describe('judge configuration', () => {
  const yaml = (score: string) =>
    [
      'name: judged',
      'items:',
      '  - { id: q1, input: "Capital of France?", expected: Paris }',
      'variants:',
      '  A: { type: command, argv: [node, -e, "process.stdout.write(\'Paris\')"] }',
      '  B: { type: command, argv: [node, -e, "process.stdout.write(\'Lyon\')"] }',
      score,
    ].join('\n');

  it('loads from YAML, and refuses an unknown placeholder or field with the file, line and field', async () => {
    const good = join(dir, 'good.yaml');
    await writeFile(
      good,
      yaml(
        'score:\n  type: judge\n  judge: { type: openai, baseURL: "http://127.0.0.1:9/v1", model: m }\n  grade: json',
      ),
    );
    const loaded = await loadExperiment(good);
    expect(loaded.score).toMatchObject({ type: 'judge', grade: 'json', judge: { model: 'm' } });

    const typo = join(dir, 'typo.yaml');
    await writeFile(
      typo,
      yaml(
        'score:\n  type: judge\n  judge: { type: openai, baseURL: "http://127.0.0.1:9/v1", model: m }\n  template: "Grade {{ouptut}}"',
      ),
    );
    await expect(loadExperiment(typo)).rejects.toThrow(
      /typo\.yaml:10: `score\.template`: unknown placeholder \{\{ouptut\}\}/,
    );
    const unknownField = join(dir, 'field.yaml');
    await writeFile(
      unknownField,
      yaml(
        'score:\n  type: judge\n  judge: { type: openai, baseURL: "http://127.0.0.1:9/v1", model: m, temprature: 0 }',
      ),
    );
    await expect(loadExperiment(unknownField)).rejects.toThrow(
      /field\.yaml:9: `score\.judge\.temprature`: unknown field/,
    );
  });

  it('refuses before the first cell a judge with nothing to grade against, or whose key is not set', async () => {
    server = await startJudgeServer(gradeByReference);
    const noExpected = {
      ...experiment(judgeConfig(server.baseURL)),
      items: [{ id: 'x', input: 'Capital of France?' }],
    };
    await expect(runExperiment(noExpected, { isolation: 'in-process' })).rejects.toThrow(
      /`score`: item "x" has no `expected` answer/,
    );
    const withRubric = { ...noExpected, score: judgeConfig(server.baseURL, { rubric: 'Names a capital city.' }) };
    const { by } = await run(withRubric);
    expect(by('x', 'A').status).toBe('ok');
    expect(promptSection(server.requests[0]!.prompt, 'Reference answer')).toBeUndefined();

    const config = judgeConfig(server.baseURL);
    const keyless = experiment({ ...config, judge: { ...config.judge, apiKeyEnv: 'VERDICT_TEST_UNSET_JUDGE_KEY' } });
    await expect(runExperiment(keyless, { isolation: 'in-process' })).rejects.toThrow(InputError);
    await expect(runExperiment(keyless, { isolation: 'in-process' })).rejects.toThrow(/VERDICT_TEST_UNSET_JUDGE_KEY/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('readGrade', () => {
  it('takes the last letter grade, in the ways models write it', () => {
    expect(readGrade('GRADE: I at first sight... on reflection\nGRADE: C', 'letter', false)).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(readGrade('**GRADE:** i', 'letter', false)).toMatchObject({ pass: false, score: 0 });
    expect(readGrade('Grade : C', 'letter', false).pass).toBe(true);
    expect(readGrade('half right\nGRADE: P', 'letter', true)).toEqual({
      pass: false,
      score: 0.5,
      reason: 'half right\nGRADE: P',
    });
    expect(() => readGrade('GRADE: P', 'letter', false)).toThrow(/answered GRADE: P \(expected GRADE: C or I\)/);
    expect(() => readGrade('GRADE: X', 'letter', true)).toThrow(/expected GRADE: C, P or I/);
    expect(() => readGrade('   ', 'letter', false)).toThrow(/an empty answer/);
  });

  it('reads a JSON grade and refuses one without pass or score, or with a score outside [0, 1]', () => {
    expect(readGrade('{"pass": true}', 'json', false)).toEqual({ pass: true, score: 1, reason: '{"pass": true}' });
    expect(readGrade('{"score": 0.4, "reason": "meh"}', 'json', false)).toEqual({
      pass: false,
      score: 0.4,
      reason: 'meh',
    });
    expect(() => readGrade('{"reason": "no verdict"}', 'json', false)).toThrow(/neither `pass` nor `score`/);
    expect(() => readGrade('{"score": 7}', 'json', false)).toThrow(/`score`/);
    expect(() => readGrade('{"pass": "yes"}', 'json', false)).toThrow(/`pass`/);
    expect(() => readGrade('pass', 'json', false)).toThrow(/holds no JSON object: "pass"/);
  });
});

describe('judgePrompt', () => {
  const parts = {
    input: 'Q',
    expected: 'E',
    output: { answer: 42 },
    rubric: undefined,
    grade: 'letter' as const,
    partialCredit: false,
  };

  it('renders non-string values as JSON, and refuses a missing expected answer or rubric', () => {
    expect(judgePrompt('{{input}}|{{expected}}|{{output}}', parts)).toBe('Q|E|{"answer":42}');
    expect(() => judgePrompt('{{expected}} {{output}}', { ...parts, expected: undefined })).toThrow(/no `expected`/);
    expect(() => judgePrompt('{{rubric}} {{output}}', parts)).toThrow(/no `rubric`/);
    expect(() => judgePrompt(undefined, { ...parts, expected: undefined })).toThrow(/nothing to grade against/);
  });
});
