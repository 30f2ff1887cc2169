/**
 * Generate the example files of other tools' formats (examples/formats/) and, beside each tool's files,
 * the same outcomes written in verdict's own record format (test/fixtures/formats/<tool>/expected.jsonl),
 * so tests can check that reading the native file gives the same paired table and McNemar p.
 *
 *   npx tsx scripts/generate-format-fixtures.ts
 *
 * Every file follows its tool's writer as read in the tool's own source (named in each README and in
 * src/formats/<format>.ts); none is copied from a tool's repository. Seeded: a second run writes the same
 * bytes. The zstd entries are compressed with zstd-codec (a devDependency; Node 20 has no zstd); the Parquet
 * example is written by DuckDB (a devDependency), the Arrow one by flechette.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from '@uwdata/flechette';
import { seededRandom } from '../stats/seeded-random';
import { writeZip } from './format-fixtures/write-zip';

const EXAMPLES = 'examples/formats';
const EXPECTED = 'test/fixtures/formats';
const random = seededRandom(20260514);
const bernoulli = (p: number) => random() < p;

type Row = Record<string, unknown>;
const jsonl = (rows: readonly unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
async function write(path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** Two correlated outcomes: a shared item difficulty, then each model's own draw. */
function pairOutcomes(n: number, pA: number, pB: number): [boolean, boolean][] {
  return Array.from({ length: n }, () => {
    const easy = random();
    return [easy < pA + 0.15 * (random() - 0.5), easy < pB + 0.15 * (random() - 0.5)];
  });
}

const zstdCompress = await loadZstd();

async function loadZstd(): Promise<(data: Buffer) => Buffer> {
  // @ts-expect-error zstd-codec ships no types; its one export is declared here.
  const { ZstdCodec } = (await import('zstd-codec')) as unknown as {
    ZstdCodec: {
      run: (
        done: (zstd: { Simple: new () => { compress: (d: Uint8Array, level: number) => Uint8Array } }) => void,
      ) => void;
    };
  };
  return new Promise((resolve) =>
    ZstdCodec.run((zstd) => {
      const simple = new zstd.Simple();
      // Entries above 4 KiB become two frames, as inspect_ai writes large entries (multi-frame zstd).
      resolve((data) => {
        if (data.byteLength <= 4096) return Buffer.from(simple.compress(data, 3));
        const half = data.byteLength >> 1;
        return Buffer.concat([simple.compress(data.subarray(0, half), 3), simple.compress(data.subarray(half), 3)]);
      });
    }),
  );
}

// ---------------------------------------------------------------- inspect_ai
const SUBJECTS = ['astronomy', 'anatomy', 'college_physics', 'econometrics', 'virology', 'world_religions'];
const MMLU = 60;
const inspectModels = ['openai/gpt-4o', 'anthropic/claude-sonnet-4'] as const;
const mmlu = pairOutcomes(MMLU, 0.72, 0.6);
const ERROR_ITEM = 17;

function inspectHeader(model: string, runId: string, task: string, ids: (number | string)[], status = 'success'): Row {
  return {
    version: 2,
    status,
    eval: {
      eval_id: `${runId}-e`,
      run_id: runId,
      created: '2026-05-14T12:00:00+00:00',
      task,
      task_id: `${task}-task-id`,
      task_version: 0,
      task_file: 'mmlu.py',
      task_attribs: {},
      task_args: {},
      dataset: { name: task, location: 'cais/mmlu', samples: ids.length, sample_ids: ids, shuffled: false },
      model,
      model_args: {},
      config: { epochs: 1, epochs_reducer: ['mean'], fail_on_error: false },
      revision: { type: 'git', origin: 'https://example.org/evals.git', commit: 'abc1234' },
      packages: { inspect_ai: '0.3.210' },
      scorers: [
        {
          name: 'choice',
          options: {},
          metrics: [
            { name: 'inspect_ai/accuracy', options: {} },
            { name: 'inspect_ai/stderr', options: {} },
          ],
          metadata: {},
        },
      ],
    },
    plan: { name: 'plan', steps: [{ solver: 'multiple_choice', params: {} }], config: {} },
    results: {
      total_samples: ids.length,
      completed_samples: ids.length,
      scores: [
        {
          name: 'choice',
          scorer: 'choice',
          params: {},
          metrics: { accuracy: { name: 'accuracy', value: 0.5, params: {} } },
        },
      ],
    },
    stats: { started_at: '2026-05-14T12:00:00+00:00', completed_at: '2026-05-14T12:04:00+00:00', model_usage: {} },
  };
}

function inspectSample(model: string, id: number | string, subject: string, value: unknown, error?: string): Row {
  const letter = ['A', 'B', 'C', 'D'][Math.floor(random() * 4)]!;
  return {
    id,
    epoch: 1,
    input: `Question ${id} (${subject}): which answer is right?`,
    target: 'B',
    choices: ['first', 'second', 'third', 'fourth'],
    messages: [
      {
        role: 'user',
        content: `Question ${id}: which answer is right?\n\nA) first\nB) second\nC) third\nD) fourth`,
        source: 'input',
      },
      { role: 'assistant', content: `ANSWER: ${letter}`, source: 'generate', model },
    ],
    output: {
      model,
      choices: [{ message: { role: 'assistant', content: `ANSWER: ${letter}` }, stop_reason: 'stop' }],
      completion: `ANSWER: ${letter}`,
    },
    ...(value === undefined ? {} : { scores: { choice: { value, answer: letter, explanation: `ANSWER: ${letter}` } } }),
    metadata: { subject },
    store: {},
    events: [],
    model_usage: { [model]: { input_tokens: 80, output_tokens: 4, total_tokens: 84 } },
    total_time: 0.5 + Math.round(random() * 1000) / 1000,
    working_time: 0.4,
    uuid: `uuid-${model.length}-${id}`,
    ...(error === undefined
      ? {}
      : { error: { message: error, traceback: 'Traceback (most recent call last): ...', traceback_ansi: '' } }),
    attachments: {},
  };
}

const expectedInspect: Row[] = [];
for (const [m, model] of inspectModels.entries()) {
  const ids = Array.from({ length: MMLU }, (_, i) => i + 1);
  const header = inspectHeader(model, `run-${m === 0 ? 'gpt4o' : 'claude'}-mmlu`, 'mmlu_0_shot', ids);
  const entries: { name: string; data: Buffer }[] = [];
  const start = { version: 2, eval: header.eval, plan: header.plan };
  entries.push({ name: '_journal/start.json', data: Buffer.from(JSON.stringify(start)) });
  const summaries: Row[] = [];
  for (const id of ids) {
    const subject = SUBJECTS[(id - 1) % SUBJECTS.length]!;
    const pass = mmlu[id - 1]![m]!;
    const failed = m === 1 && id === ERROR_ITEM;
    const sample = inspectSample(
      model,
      id,
      subject,
      failed ? undefined : pass ? 'C' : 'I',
      failed ? 'RuntimeError: the model API returned 529 (overloaded)' : undefined,
    );
    entries.push({ name: `samples/${id}_epoch_1.json`, data: Buffer.from(JSON.stringify(sample)) });
    summaries.push({
      id,
      epoch: 1,
      input: sample.input,
      target: 'B',
      metadata: { subject },
      scores: sample.scores,
      ...(failed ? { error: 'RuntimeError' } : {}),
    });
    expectedInspect.push(
      failed
        ? { item: id, variant: model, status: 'error', tags: { subject } }
        : { item: id, variant: model, pass, tags: { subject } },
    );
  }
  entries.push({ name: 'summaries.json', data: Buffer.from(JSON.stringify(summaries)) });
  entries.push({ name: 'reductions.json', data: Buffer.from(JSON.stringify([{ scorer: 'choice', samples: [] }])) });
  entries.push({ name: 'header.json', data: Buffer.from(JSON.stringify(header)) });
  const file = m === 0 ? 'mmlu-gpt-4o.eval' : 'mmlu-claude.eval';
  // gpt-4o's log as inspect_ai wrote it before 0.3.206 (deflate); claude's as since (zstd, method 93).
  await write(join(EXAMPLES, 'inspect', file), writeZip(entries, m === 0 ? 8 : 93, zstdCompress));
}
await write(join(EXPECTED, 'inspect', 'expected.jsonl'), jsonl(expectedInspect));

// A .json log of a cancelled run: 6 planned samples, 5 written; a partial (P) score, an unscored NaN.
{
  const ids = [1, 2, 3, 4, 5, 6];
  const header = inspectHeader('openai/gpt-4o-mini', 'run-popularity-mini', 'popularity', ids, 'cancelled');
  const values = ['C', 'I', 'P', '__NaN__', 'C'];
  const samples = values.map((value, i) =>
    inspectSample('openai/gpt-4o-mini', i + 1, i % 2 === 0 ? 'people' : 'places', value),
  );
  // Python's json.dumps writes a NaN float as the bare token NaN (inspect_ai's unscored value).
  const text = JSON.stringify({ ...header, samples }, null, 2).replace('"__NaN__"', 'NaN');
  await write(join(EXAMPLES, 'inspect', 'popularity-mini.json'), `${text}\n`);
  const { results: _results, ...headerOnly } = { ...header, status: 'success' } as Row;
  await write(join(EXPECTED, 'inspect', 'header-only.json'), `${JSON.stringify(headerOnly, null, 2)}\n`);
  // The chunked sample layout (samples/{id}_epoch_{n}/sample.json + sequences), newer inspect_ai.
  const chunked = [
    { name: 'header.json', data: Buffer.from(JSON.stringify(header)) },
    ...samples.slice(0, 2).flatMap((sample) => {
      const { messages, events, attachments, ...shell } = sample;
      const prefix = `samples/${sample.id}_epoch_1`;
      return [
        { name: `${prefix}/sample.json`, data: Buffer.from(JSON.stringify({ ...shell, message_refs: [[0, 2]] })) },
        { name: `${prefix}/messages/0.json`, data: Buffer.from(JSON.stringify(messages)) },
        { name: `${prefix}/events/0.json`, data: Buffer.from(JSON.stringify(events)) },
      ];
    }),
  ];
  await write(join(EXPECTED, 'inspect', 'chunked.eval'), writeZip(chunked, 93, zstdCompress));
}

// ---------------------------------------------------------------- lm-evaluation-harness
const lmModels = [
  { name: 'EleutherAI/pythia-160m', dir: 'pythia-160m', date: '2026-05-14T10-21-33.123456' },
  { name: 'EleutherAI/pythia-410m', dir: 'pythia-410m', date: '2026-05-14T11-02-08.654321' },
];
const lmTasks = [
  { task: 'arc_easy', docs: 40, outcomes: pairOutcomes(40, 0.45, 0.55) },
  { task: 'hellaswag', docs: 30, outcomes: pairOutcomes(30, 0.3, 0.38) },
];
const expectedLm: Row[] = [];
for (const [m, model] of lmModels.entries()) {
  const directory = join(EXAMPLES, 'lm-eval', model.dir);
  const nSamples: Row = {};
  for (const { task, docs, outcomes } of lmTasks) {
    nSamples[task] = { original: docs, effective: docs };
    const rows = outcomes.map(([a, b], docId) => {
      const acc = (m === 0 ? a : b) ? 1 : 0;
      const accNorm = random() < 0.8 ? acc : 1 - acc;
      expectedLm.push({ item: `${task}/${docId}`, variant: model.name, pass: acc === 1 });
      return {
        doc_id: docId,
        doc: {
          id: `${task}-${docId}`,
          question: `Question ${docId} of ${task}`,
          choices: { text: ['a', 'b', 'c', 'd'], label: ['A', 'B', 'C', 'D'] },
          answerKey: 'B',
        },
        target: '1',
        arguments: { gen_args_0: { arg_0: `Question: ${docId}\nAnswer:`, arg_1: ' a' } },
        resps: [[['-4.25', 'False']], [['-3.5', 'False']]],
        filtered_resps: [
          ['-4.25', 'False'],
          ['-3.5', 'False'],
        ],
        filter: 'none',
        metrics: ['acc', 'acc_norm'],
        doc_hash: `doc${task}${docId}`,
        prompt_hash: `prompt${task}${docId}`,
        target_hash: `target${task}${docId}`,
        acc,
        acc_norm: accNorm,
      };
    });
    await write(join(directory, `samples_${task}_${model.date}.jsonl`), jsonl(rows));
  }
  const results = {
    results: Object.fromEntries(
      lmTasks.map(({ task }) => [task, { alias: task, 'acc,none': 0.5, 'acc_stderr,none': 0.05 }]),
    ),
    group_subtasks: {},
    configs: Object.fromEntries(
      lmTasks.map(({ task }) => [task, { task, dataset_path: task, output_type: 'multiple_choice', num_fewshot: 0 }]),
    ),
    versions: Object.fromEntries(lmTasks.map(({ task }) => [task, 1])),
    'n-shot': Object.fromEntries(lmTasks.map(({ task }) => [task, 0])),
    'n-samples': nSamples,
    config: { model: 'hf', model_args: `pretrained=${model.name}`, batch_size: 8, device: 'cpu' },
    git_hash: 'abc1234',
    date: 1778753000.0,
    task_hashes: {},
    model_source: 'hf',
    model_name: model.name,
    model_name_sanitized: model.name.replace('/', '__'),
    start_time: 1.0,
    end_time: 2.0,
    total_evaluation_time_seconds: '1.0',
  };
  await write(join(directory, `results_${model.date}.json`), `${JSON.stringify(results, null, 2)}\n`);
}
await write(join(EXPECTED, 'lm-eval', 'expected.jsonl'), jsonl(expectedLm));
// A generative task's samples with two filters: one row per document per filter.
await write(
  join(EXPECTED, 'lm-eval', 'two-filters', 'samples_gsm8k_2026-05-14T09-00-00.000001.jsonl'),
  jsonl(
    [0, 1, 2].flatMap((docId) =>
      ['strict-match', 'flexible-extract'].map((filter) => ({
        doc_id: docId,
        filter,
        metrics: ['exact_match'],
        exact_match: filter === 'strict-match' ? 0 : 1,
      })),
    ),
  ),
);

// ---------------------------------------------------------------- promptfoo
const providers = ['openai:gpt-5', 'openai:gpt-5-mini'];
const TESTS = 12;
const REPEATS = 2;
const riddles = Array.from({ length: TESTS }, (_, t) => ({
  description: `riddle ${t + 1}`,
  vars: { riddle: `Riddle number ${t + 1}: what am I?` },
}));
const promptfooResults: Row[] = [];
const expectedPromptfoo: Row[] = [];
const promptLabel = 'Solve this riddle: {{riddle}}';
for (let r = 0; r < REPEATS; r++) {
  for (const [t, test] of riddles.entries()) {
    const testIdx = r * TESTS + t;
    for (const [p, provider] of providers.entries()) {
      const error = p === 1 && t === 5 && r === 0;
      const success = !error && bernoulli(p === 0 ? 0.75 : 0.55);
      const score = error ? 0 : success ? 1 : Math.round(random() * 3) / 4;
      promptfooResults.push({
        cost: 0.0005,
        ...(success
          ? {}
          : { error: error ? 'API error: 500 Internal Server Error' : 'Expected output to contain "echo"' }),
        gradingResult: error
          ? null
          : {
              pass: success,
              score,
              reason: success ? 'All assertions passed' : 'Expected output to contain "echo"',
              namedScores: {},
              componentResults: [],
            },
        id: `result-${testIdx}-${p}`,
        latencyMs: 800 + Math.round(random() * 400),
        namedScores: {},
        prompt: { raw: `Solve this riddle: ${test.vars.riddle}`, label: promptLabel },
        promptId: 'cd59d97e',
        promptIdx: p,
        provider: { id: provider, label: '' },
        response: error
          ? { error: 'API error: 500 Internal Server Error' }
          : {
              output: success ? 'An echo.' : 'A shadow.',
              tokenUsage: { total: 40 },
              cached: false,
              finishReason: 'stop',
              cost: 0.0005,
            },
        score,
        success,
        testCase: {
          description: test.description,
          vars: test.vars,
          assert: [{ type: 'contains', value: 'echo' }],
          options: {},
          metadata: {},
        },
        testIdx,
        vars: test.vars,
        metadata: { _promptfooFileMetadata: {} },
        failureReason: error ? 2 : success ? 0 : 1,
      });
      expectedPromptfoo.push(
        error
          ? { item: test.description, variant: provider, sample: r, status: 'error' }
          : { item: test.description, variant: provider, sample: r, pass: success },
      );
    }
  }
}
const prompts = providers.map((provider) => ({
  raw: promptLabel,
  label: promptLabel,
  id: 'cd59d97e',
  provider,
  metrics: { score: 0, testPassCount: 0 },
}));
const outputFile = {
  evalId: 'eval-riddles-2026-05-14T12:00:00',
  results: {
    version: 3,
    timestamp: '2026-05-14T12:00:00.000Z',
    prompts,
    results: promptfooResults,
    stats: { successes: 0, failures: 0, errors: 1 },
  },
  config: { description: 'riddles', prompts: [promptLabel], providers },
  shareableUrl: null,
  metadata: {
    promptfooVersion: '0.120.0',
    nodeVersion: 'v20.20.2',
    platform: 'linux',
    arch: 'x64',
    exportedAt: '2026-05-14T12:05:00.000Z',
    evaluationCreatedAt: '2026-05-14T12:00:00.000Z',
  },
};
await write(join(EXAMPLES, 'promptfoo', 'riddles.json'), `${JSON.stringify(outputFile, null, 2)}\n`);
await write(join(EXAMPLES, 'promptfoo', 'riddles.jsonl'), jsonl(promptfooResults));
{
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const header = [
    'Description',
    'riddle',
    ...providers.flatMap((provider) => [
      `[${provider}] ${promptLabel}`,
      'Status',
      'Score',
      'Named Scores',
      'Grader Reason',
      'Comment',
    ]),
  ];
  const lines = [header.map(quote).join(',')];
  for (let testIdx = 0; testIdx < TESTS * REPEATS; testIdx++) {
    const cells = promptfooResults.filter((result) => result.testIdx === testIdx);
    const test = cells[0]!.testCase as { description: string; vars: { riddle: string } };
    const row = [test.description, test.vars.riddle];
    for (const cell of cells) {
      const status = cell.success ? 'PASS' : cell.failureReason === 1 ? 'FAIL' : 'ERROR';
      const output = (cell.response as { output?: string }).output ?? '';
      row.push(
        `${output}\n(from ${cell.id})`,
        status,
        (cell.score as number).toFixed(2),
        '',
        String((cell.gradingResult as { reason?: string } | null)?.reason ?? ''),
        '',
      );
    }
    lines.push(row.map(quote).join(','));
  }
  await write(join(EXAMPLES, 'promptfoo', 'riddles.csv'), `${lines.join('\n')}\n`);
}
await write(join(EXPECTED, 'promptfoo', 'expected.jsonl'), jsonl(expectedPromptfoo));

// ---------------------------------------------------------------- OpenAI evals (oaieval --record_path)
const oaiModels = ['gpt-4o-mini', 'gpt-4o'];
const oaiOutcomes = pairOutcomes(30, 0.5, 0.7);
const expectedOai: Row[] = [];
for (const [m, model] of oaiModels.entries()) {
  const runId = `2605141200${m}0ABCDEF`;
  const spec = {
    spec: {
      completion_fns: [model],
      eval_name: 'test-match.s1.simple-v0',
      base_eval: 'test-match',
      split: 's1',
      run_config: {
        completion_fns: [model],
        eval_spec: {
          cls: 'evals.elsuite.basic.match:Match',
          args: { samples_jsonl: 'test_match/samples.jsonl' },
          key: 'test-match.s1.simple-v0',
          group: 'test-basic',
        },
        seed: 20220722,
        max_samples: null,
        command: `oaieval ${model} test-match`,
        initial_settings: { visible: true },
      },
      created_by: '',
      run_id: runId,
      created_at: '2026-05-14 12:00:00.000000',
    },
  };
  const events: Row[] = [];
  let eventId = 0;
  for (const [i, pair] of oaiOutcomes.entries()) {
    const sampleId = `test-match.s1.${i}`;
    const correct = pair[m]!;
    const matches = m === 1 && i === 3 ? [correct, true] : [correct]; // a multi-step sample: two match events
    events.push({
      run_id: runId,
      event_id: eventId++,
      sample_id: sampleId,
      type: 'sampling',
      data: { prompt: `Complete: ${i}`, sampled: 'answer' },
      created_by: '',
      created_at: '2026-05-14 12:01:00.000000+00:00',
    });
    for (const ok of matches) {
      events.push({
        run_id: runId,
        event_id: eventId++,
        sample_id: sampleId,
        type: 'match',
        data: { correct: ok, expected: 'answer', picked: ok ? 'answer' : null, sampled: 'answer' },
        created_by: '',
        created_at: '2026-05-14 12:01:00.000000+00:00',
      });
    }
    expectedOai.push(
      matches.length === 1
        ? { item: sampleId, variant: model, pass: correct }
        : { item: sampleId, variant: model, n: 2, c: matches.filter(Boolean).length },
    );
  }
  const accuracy =
    events.filter((e) => e.type === 'match' && (e.data as { correct: boolean }).correct).length /
    events.filter((e) => e.type === 'match').length;
  // As oaieval's LocalRecorder writes it: spec first, the final report when the run ends, the buffered events after.
  await write(
    join(EXAMPLES, 'openai-evals', `${model}.jsonl`),
    jsonl([spec, { final_report: { accuracy }, run_id: runId }, ...events]),
  );
}
await write(join(EXPECTED, 'openai-evals', 'expected.jsonl'), jsonl(expectedOai));
await write(
  join(EXPECTED, 'openai-evals', 'no-events.jsonl'),
  jsonl([
    {
      spec: {
        completion_fns: ['gpt-4o'],
        eval_name: 'self_prompting.full',
        base_eval: 'self_prompting',
        split: 'full',
        run_id: 'x',
      },
    },
    { final_report: { accuracy: 0.2 } },
  ]),
);

// ---------------------------------------------------------------- SWE-bench harness
const INSTANCES = Array.from({ length: 50 }, (_, i) => `demo-org__demo-repo-${1000 + i}`);
const sweOutcomes = pairOutcomes(INSTANCES.length, 0.42, 0.5);
const expectedSwe: Row[] = [];
for (const [m, model] of ['agent-a', 'agent-b'].entries()) {
  const incomplete = m === 1 ? INSTANCES.slice(47) : [];
  const errors = m === 1 ? [INSTANCES[10]!, INSTANCES[20]!] : [INSTANCES[30]!];
  const empty = m === 1 ? [INSTANCES[5]!, INSTANCES[6]!] : [];
  const submitted = INSTANCES.filter((id) => !incomplete.includes(id));
  const resolved: string[] = [];
  const unresolved: string[] = [];
  for (const [i, id] of INSTANCES.entries()) {
    if (incomplete.includes(id)) continue;
    if (errors.includes(id)) expectedSwe.push({ item: id, variant: model, status: 'error' });
    else if (empty.includes(id)) expectedSwe.push({ item: id, variant: model, pass: false });
    else {
      const pass = sweOutcomes[i]![m]!;
      (pass ? resolved : unresolved).push(id);
      expectedSwe.push({ item: id, variant: model, pass });
    }
  }
  const completed = [...resolved, ...unresolved].sort();
  const report = {
    total_instances: INSTANCES.length,
    submitted_instances: submitted.length,
    completed_instances: completed.length,
    resolved_instances: resolved.length,
    unresolved_instances: unresolved.length,
    infra_failure_instances: 0,
    ambiguous_failure_instances: 0,
    empty_patch_instances: empty.length,
    error_instances: errors.length,
    completed_ids: completed,
    incomplete_ids: incomplete,
    empty_patch_ids: empty,
    submitted_ids: submitted,
    resolved_ids: resolved.sort(),
    unresolved_ids: unresolved.sort(),
    infra_failure_ids: [],
    ambiguous_failure_ids: [],
    failure_reasons: {},
    error_ids: errors,
    schema_version: 2,
  };
  await write(join(EXAMPLES, 'swebench', `${model}.run1.json`), `${JSON.stringify(report, null, 4)}\n`);
  if (m === 0) {
    for (const id of completed) {
      const body = {
        [id]: {
          patch_is_None: false,
          patch_exists: true,
          patch_successfully_applied: true,
          resolved: resolved.includes(id),
          tests_status: {
            FAIL_TO_PASS: { success: [], failure: [] },
            PASS_TO_PASS: { success: [], failure: [] },
            FAIL_TO_FAIL: { success: [], failure: [] },
            PASS_TO_FAIL: { success: [], failure: [] },
          },
        },
      };
      await write(
        join(EXAMPLES, 'swebench', 'logs', 'run_evaluation', 'run1', model, id, 'report.json'),
        `${JSON.stringify(body, null, 4)}\n`,
      );
    }
    for (const id of errors)
      await write(
        join(EXAMPLES, 'swebench', 'logs', 'run_evaluation', 'run1', model, id, 'run_instance.log'),
        'docker: image build failed\n',
      );
  }
}
await write(join(EXPECTED, 'swebench', 'expected.jsonl'), jsonl(expectedSwe));

// ---------------------------------------------------------------- HELM
const helmModels = [
  { model: 'vendor/model-a', dir: 'mmlu-model-a' },
  { model: 'vendor/model-b', dir: 'mmlu-model-b' },
];
const helmOutcomes = pairOutcomes(40, 0.6, 0.52);
const expectedHelm: Row[] = [];
const stat = (name: string, value: number, split = 'test') => ({
  name: { name, split },
  count: 1,
  sum: value,
  sum_squared: value * value,
  min: value,
  max: value,
  mean: value,
  variance: 0,
  stddev: 0,
});
for (const [m, { model, dir }] of helmModels.entries()) {
  const runName = `mmlu:subject=anatomy,method=multiple_choice_joint,model=${model.replace('/', '_')}`;
  const stats = helmOutcomes.flatMap((pair, i) => {
    const correct = pair[m]! ? 1 : 0;
    expectedHelm.push({ item: `id${i}`, variant: model, sample: 0, pass: correct === 1 });
    const entry = {
      instance_id: `id${i}`,
      train_trial_index: 0,
      stats: [
        stat('num_references', 4),
        stat('num_train_trials', 1),
        stat('exact_match', correct),
        stat('quasi_exact_match', correct),
        stat('predicted_index', 1),
      ],
    };
    const perturbed = {
      instance_id: `id${i}`,
      perturbation: { name: 'typos', robustness: true, fairness: false, computed_on: 'perturbed', prob: 0.1 },
      train_trial_index: 0,
      stats: [stat('exact_match', 0)],
    };
    return i < 3 ? [entry, perturbed] : [entry];
  });
  const directory = join(EXAMPLES, 'helm', dir);
  await write(join(directory, 'per_instance_stats.json'), `${JSON.stringify(stats, null, 2)}\n`);
  const runSpec = {
    name: runName,
    scenario_spec: { class_name: 'helm.benchmark.scenarios.mmlu_scenario.MMLUScenario', args: { subject: 'anatomy' } },
    adapter_spec: {
      method: 'multiple_choice_joint',
      model,
      model_deployment: model,
      max_train_instances: 5,
      num_train_trials: 1,
    },
    metric_specs: [],
    groups: ['mmlu'],
  };
  await write(join(directory, 'run_spec.json'), `${JSON.stringify(runSpec, null, 2)}\n`);
}
await write(join(EXPECTED, 'helm', 'expected.jsonl'), jsonl(expectedHelm));

// ---------------------------------------------------------------- verdict's own format (the formats list's example)
await rm(join(EXAMPLES, 'verdict'), { recursive: true, force: true });
await write(join(EXAMPLES, 'verdict', 'popularity.jsonl'), jsonl(expectedInspect.slice(0, 10)));
// The same records in Arrow IPC (flechette, tags a struct column) and in Parquet (DuckDB, as users convert).
const popularity = expectedInspect.slice(0, 10) as Row[];
const column = (name: string) => popularity.map((row) => row[name] ?? null);
const arrowTable = tableFromArrays({
  item: column('item'),
  variant: column('variant'),
  pass: column('pass'),
  tags: column('tags'),
});
await write(join(EXAMPLES, 'verdict', 'popularity.arrow'), Buffer.from(tableToIPC(arrowTable, { format: 'file' })!));
const duckdb = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await duckdb.connect();
await connection.run(
  `COPY (SELECT * FROM read_ndjson('${join(EXAMPLES, 'verdict', 'popularity.jsonl')}')) TO '${join(EXAMPLES, 'verdict', 'popularity.parquet')}' (FORMAT parquet)`,
);
connection.closeSync();
duckdb.closeSync();
process.stdout.write(`wrote ${EXAMPLES}/ and ${EXPECTED}/*/expected.jsonl\n`);
