import { writeZip } from '../../scripts/format-fixtures/write-zip';

/** An inspect_ai log's header (EvalLog version 2) for `model`, a finished run of one task scored by `match`. */
export const inspectHeader = (model: string) => ({
  version: 2,
  status: 'success',
  eval: { run_id: 'r', task: 't', model, dataset: { sample_ids: [] }, config: {}, scorers: [{ name: 'match' }] },
  plan: {},
  results: {},
  stats: {},
});

/** One sample of an inspect_ai log as `inspect eval` writes it: messages, output, a `match` score C or I, a subject. */
export const inspectSample = (i: number, pass: boolean) => ({
  id: i,
  epoch: 1,
  input: `question ${i} `.repeat(8),
  messages: [
    { role: 'user', content: `question ${i} `.repeat(20) },
    { role: 'assistant', content: 'answer' },
  ],
  output: { completion: 'answer' },
  scores: { match: { value: pass ? 'C' : 'I', answer: 'answer' } },
  metadata: { subject: `s${i % 10}` },
  total_time: 0.5,
});

// zstd via zstd-codec, as the fixture generator does (a devDependency).
type Zstd = { Simple: new () => { compress: (data: Uint8Array, level: number) => Uint8Array } };

/** zstd compression at level 3 (inspect_ai's .eval logs are zstd since 0.3.206). */
export async function loadZstd(): Promise<(data: Buffer) => Buffer> {
  // @ts-expect-error zstd-codec ships no types
  const { ZstdCodec } = (await import('zstd-codec')) as { ZstdCodec: { run: (f: (z: Zstd) => void) => void } };
  return new Promise((resolve) =>
    ZstdCodec.run((z: Zstd) => {
      const simple = new z.Simple();
      resolve((data: Buffer) => Buffer.from(simple.compress(data, 3)));
    }),
  );
}

/** A `.eval` log (a zip: header.json and one entry per sample), deflate (8) or zstd (93). */
export function inspectEvalLog(
  model: string,
  ids: readonly number[],
  pass: (i: number) => boolean,
  method: 8 | 93,
  zstd: (data: Buffer) => Buffer,
): Buffer {
  const entries = [
    { name: 'header.json', data: Buffer.from(JSON.stringify(inspectHeader(model))) },
    ...ids.map((i) => ({
      name: `samples/${i}_epoch_1.json`,
      data: Buffer.from(JSON.stringify(inspectSample(i, pass(i)))),
    })),
  ];
  return writeZip(entries, method, zstd);
}
