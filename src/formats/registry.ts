import { InputError } from '../schema/input-error';
import { arrowRecords } from './arrow-records';
import type { Detection, FormatReader } from './format-reader';
import { helm } from './helm';
import { inspectEval } from './inspect-eval';
import { inspectJson } from './inspect-json';
import { lmEvalSamples } from './lm-eval-samples';
import { openaiEvals } from './openai-evals';
import { parquetRecords } from './parquet-records';
import type { FormatProbe } from './probe-input';
import { promptfooCsv } from './promptfoo-csv';
import { promptfooJson } from './promptfoo-json';
import { promptfooJsonl } from './promptfoo-jsonl';
import { swebenchInstanceReports } from './swebench-instance-reports';
import { swebenchReport } from './swebench-report';
import { verdictRecords } from './verdict-records';

/**
 * Every format the loader reads, in the order detection tries them: the other tools' formats first (each
 * claims a file only on its own marks), then verdict's records in Arrow IPC and Parquet (claimed by their
 * magic bytes), verdict's own text record format last (it takes any text rows).
 */
export const FORMATS: readonly FormatReader[] = [
  inspectEval,
  inspectJson,
  lmEvalSamples,
  promptfooJson,
  promptfooJsonl,
  promptfooCsv,
  openaiEvals,
  swebenchReport,
  swebenchInstanceReports,
  helm,
  arrowRecords,
  parquetRecords,
  verdictRecords,
];

/** The names `--format` takes. */
export const formatNames = (): string[] => FORMATS.map((format) => format.name);

/**
 * The format named by `--format`.
 * @throws {InputError} for an unknown name, listing the names
 */
export function formatByName(name: string): FormatReader {
  const format = FORMATS.find((candidate) => candidate.name === name);
  if (format === undefined) {
    throw new InputError(`unknown format ${JSON.stringify(name)}; verdict reads ${formatNames().join(', ')}`, {
      field: '--format',
    });
  }
  return format;
}

/**
 * The format of an input, from its content: the first format that claims it. A file that a format
 * recognises but whose rules it breaks is refused with that rule; a file no format claims is refused
 * with the list of formats tried.
 * @throws {InputError} naming the file
 */
export function detectInputFormat(probe: FormatProbe): FormatReader {
  const broken: { format: FormatReader; rule: string }[] = [];
  for (const format of FORMATS) {
    const detection: Detection = format.detect(probe);
    // verdict's own format is the fallback: a file another format recognises but finds broken is refused.
    if (detection === 'yes' && (format !== verdictRecords || broken.length === 0)) return format;
    if (detection !== 'yes' && detection !== 'no') broken.push({ format, rule: detection.broken });
  }
  const [first] = broken;
  if (first !== undefined) {
    throw new InputError(`looks like ${first.format.name} but breaks its rule: ${first.rule}`, { file: probe.path });
  }
  const what =
    probe.kind === 'directory'
      ? 'a directory of results (no results.jsonl of a verdict run, no inspect_ai .eval or .json log in it)'
      : 'a results file';
  throw new InputError(
    `not ${what} of any format verdict reads (tried ${formatNames().join(', ')}); name one with --format, see \`verdict formats\``,
    { file: probe.path },
  );
}
