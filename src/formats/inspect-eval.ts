import { InputError } from '../schema/input-error';
import type { FormatReader, FormatRow } from './format-reader';
import { chooseScorer, InspectRuleError, inspectCompleteness, inspectHeader, inspectSampleRow } from './inspect-sample';
import { parseJsonTolerant } from './non-finite-json';
import { ZipArchive } from './zip-archive';

/** `samples/{id}_epoch_{n}.json` (one entry per sample) or, in the chunked layout, `samples/{id}_epoch_{n}/sample.json`. */
const SAMPLE_ENTRY = /^samples\/.+_epoch_\d+(\.json|\/sample\.json)$/;
const HEADERS = ['header.json', '_journal/start.json'] as const;

/**
 * inspect_ai's `.eval` log: a zip holding `header.json` (the EvalLog without samples; `_journal/start.json`
 * while the run is going) and one entry per sample and epoch, read one entry at a time. Entries may be
 * deflate or zstd (inspect_ai >= 0.3.206 writes zstd, ZIP method 93). A log without sample entries reads
 * `summaries.json` (the per-sample scores inspect keeps beside them), and a log with neither is refused:
 * it has no per-sample data. Mapping rules: ./inspect-sample.ts.
 */
export const inspectEval: FormatReader = {
  name: 'inspect-eval',
  describe: 'inspect_ai .eval log (zip; deflate or zstd), as `inspect eval` writes by default',
  example:
    'verdict compare examples/formats/inspect/mmlu-gpt-4o.eval examples/formats/inspect/mmlu-claude.eval --baseline openai/gpt-4o --candidate anthropic/claude-sonnet-4',
  detect(probe) {
    if (probe.zipEntries === null) return 'no';
    if (HEADERS.some((name) => probe.zipEntries!.includes(name))) return 'yes';
    if (probe.zipEntries.some((name) => SAMPLE_ENTRY.test(name))) {
      return { broken: 'an inspect_ai .eval log holds header.json (or _journal/start.json); this zip has neither' };
    }
    return 'no';
  },
  async *read(path, options, signal) {
    const zip = await ZipArchive.open(path);
    try {
      const headerEntry = HEADERS.find((name) => zip.has(name))!;
      const where = { file: path, entry: headerEntry };
      const log = parseEntry(await zip.read(headerEntry), where) as Record<string, unknown>;
      const header = ruled(() => inspectHeader(log, where));
      const choice = ruled(() => chooseScorer(header, options.scorer, where));
      if (choice && options.scorer === undefined && header.scorers.length > 1) {
        options.report.note(
          `${path}: scorer "${choice.scorer}" (the first of ${header.scorers.join(', ')}); choose with --scorer`,
        );
      }
      const samples = zip.entries.map((entry) => entry.name).filter((name) => SAMPLE_ENTRY.test(name));
      let read = 0;
      if (samples.length > 0) {
        for (const name of samples) {
          signal?.throwIfAborted();
          const place = { file: path, entry: name };
          const sample = parseEntry(await zip.read(name), place);
          read++;
          yield row(sample, place);
        }
      } else if (zip.has('summaries.json')) {
        options.report.note(`${path}: no sample entries; read the per-sample scores of summaries.json`);
        const summaries = parseEntry(await zip.read('summaries.json'), { file: path, entry: 'summaries.json' });
        if (!Array.isArray(summaries)) {
          throw new InputError('expected a list of sample summaries', { file: path, entry: 'summaries.json' });
        }
        for (const [index, summary] of summaries.entries()) {
          read++;
          yield row(summary, { file: path, entry: 'summaries.json', field: `[${index}]` });
        }
      } else {
        throw new InputError(
          'header-only inspect_ai log: it holds no per-sample data (no samples/ entries, no summaries.json), so nothing can be paired; run the eval with sample logging on',
          { file: path },
        );
      }
      options.report.variant({
        variant: header.model,
        runId: header.runId,
        completeness: inspectCompleteness(header, read),
      });

      function row(sample: unknown, place: { file: string; entry: string; field?: string }): FormatRow {
        if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
          return { problem: 'expected a sample (a JSON object)', place };
        }
        return inspectSampleRow(sample as Record<string, unknown>, header, choice, place, header.model);
      }
    } finally {
      zip.close();
    }
  },
};

function parseEntry(bytes: Buffer, place: { file: string; entry: string }): unknown {
  try {
    return parseJsonTolerant(bytes.toString('utf8'));
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, place);
  }
}

/** Run a rule check and turn its failure into the user's one-line error. */
export function ruled<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InspectRuleError) throw new InputError(`inspect_ai log: ${error.message}`, error.location);
    throw error;
  }
}
