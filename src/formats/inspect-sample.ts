import { describeValue } from '../../stats/validate';
import type { InputLocation } from '../schema/input-error';
import type { FormatRow } from './format-reader';
import { type InputCompleteness, UNKNOWN_COMPLETENESS } from './input-completeness';

/**
 * inspect_ai logs (.eval and .json) to verdict records, one rule set for both. Read from inspect_ai's
 * own code (UKGovernmentBEIS/inspect_ai, MIT): `log/_log.py` (EvalLog, EvalSample), `scorer/_metric.py`
 * (Score, the C/I/P/N constants, `value_to_float`), `design/nan-serialization.md` (NaN = unscored).
 */

/** The header fields the mapping needs (EvalLog without samples: `header.json`, or a .json log's top level). */
export interface InspectHeader {
  readonly status: string;
  readonly model: string;
  readonly runId: string | null;
  readonly task: string;
  /** Scorer names in the order the eval ran them (`eval.scorers`, else `results.scores`). */
  readonly scorers: readonly string[];
  readonly sampleIds: readonly (string | number)[] | null;
  readonly epochs: number;
}

/** `eval`, `status`, `results` of an EvalLog as parsed JSON, checked for what the mapping reads. */
export function inspectHeader(log: Record<string, unknown>, where: InputLocation): InspectHeader {
  const spec = log.eval as Record<string, unknown> | undefined;
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new InspectRuleError(`expected ${expected}, got ${describeValue(got)}`, { ...where, field });
  };
  if (log.version !== 2 && log.version !== 1) fail('version', '2 (EvalLog version 2)', log.version);
  if (typeof spec !== 'object' || spec === null) fail('eval', 'an object (EvalSpec)', spec);
  const model = spec!.model;
  if (typeof model !== 'string' || model === '') fail('eval.model', 'a model name', model);
  const task = typeof spec!.task === 'string' ? spec!.task : '';
  const scorers: string[] = [];
  for (const scorer of arrayOf(spec!.scorers)) if (typeof scorer?.name === 'string') scorers.push(scorer.name);
  if (scorers.length === 0) {
    const results = log.results as Record<string, unknown> | undefined;
    for (const score of arrayOf(results?.scores)) {
      const name = score?.scorer ?? score?.name;
      if (typeof name === 'string' && !scorers.includes(name)) scorers.push(name);
    }
  }
  const dataset = spec!.dataset as Record<string, unknown> | undefined;
  const ids = Array.isArray(dataset?.sample_ids) ? (dataset.sample_ids as (string | number)[]) : null;
  const config = spec!.config as Record<string, unknown> | undefined;
  const epochs = typeof config?.epochs === 'number' ? config.epochs : 1;
  const status = typeof log.status === 'string' ? log.status : 'success';
  return {
    status,
    model: model as string,
    runId: typeof spec!.run_id === 'string' ? spec!.run_id : null,
    task,
    scorers,
    sampleIds: ids,
    epochs,
  };
}

/** A file that is an inspect log but breaks one of its rules: the message says which. */
export class InspectRuleError extends Error {
  readonly location: InputLocation;
  constructor(problem: string, location: InputLocation) {
    super(problem);
    this.location = location;
  }
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/** The log's status as completeness: only `success` is a finished run (`started`, `cancelled`, `error` are not). */
export function inspectCompleteness(header: InspectHeader, samplesRead: number): InputCompleteness {
  const planned = header.sampleIds === null ? null : header.sampleIds.length * header.epochs;
  const of = planned === null ? `${samplesRead} samples` : `${samplesRead} of ${planned} planned samples`;
  if (header.status === 'success') {
    return { state: 'complete', detail: `inspect_ai log status "success": ${of}`, plannedItems: header.sampleIds };
  }
  if (header.status === 'started' || header.status === 'cancelled' || header.status === 'error') {
    return {
      state: 'incomplete',
      detail: `inspect_ai log status "${header.status}": the run did not finish (${of})`,
      plannedItems: header.sampleIds,
    };
  }
  return { ...UNKNOWN_COMPLETENESS, detail: `inspect_ai log status ${JSON.stringify(header.status)}` };
}

/** The scorer (and key of a dict value) whose value is the outcome: `--scorer NAME[.KEY]`, else the first. */
export interface ScorerChoice {
  readonly scorer: string;
  readonly key: string | null;
}

export function chooseScorer(
  header: InspectHeader,
  option: string | undefined,
  where: InputLocation,
): ScorerChoice | null {
  if (option === undefined) return header.scorers[0] === undefined ? null : { scorer: header.scorers[0], key: null };
  if (header.scorers.length === 0 || header.scorers.includes(option)) return { scorer: option, key: null };
  const dot = option.indexOf('.');
  const scorer = dot === -1 ? option : option.slice(0, dot);
  if (!header.scorers.includes(scorer)) {
    throw new InspectRuleError(
      `--scorer ${JSON.stringify(option)} is not a scorer of this log; it has ${header.scorers.map((s) => JSON.stringify(s)).join(', ')}`,
      { ...where, field: 'eval.scorers' },
    );
  }
  return { scorer, key: option.slice(dot + 1) };
}

const FLOATS: Readonly<Record<string, number>> = { C: 1, I: 0, N: 0, P: 0.5, yes: 1, true: 1, no: 0, false: 0 };

/**
 * One EvalSample as a row. `item` = `id` (its type kept), `sample` = `epoch - 1`; the chosen scorer's value
 * gives the outcome: `C` pass (score 1), `I` and `N` fail (0), `P` score 0.5 and no `pass` (partial credit is
 * not a pass or a fail: compare it with --metric score), booleans as they are, numbers as `score` (and
 * `pass` when exactly 0 or 1), numeric strings as inspect's `value_to_float` reads them. A sample with
 * `error` is an `error` row; one with no value for the scorer, or NaN, is `skipped` (`unscored: true`),
 * never a failure. `metadata` fields that are strings, numbers or booleans become tags; `input` and `target`
 * become `input` and `expected`, and the answer `output`, for the flip tables.
 */
export function inspectSampleRow(
  sample: Record<string, unknown>,
  header: InspectHeader,
  choice: ScorerChoice | null,
  place: InputLocation,
  variant: string,
): FormatRow {
  const at = (field: string): InputLocation => ({ ...place, field: place.field ? `${place.field}.${field}` : field });
  const id = sample.id;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    return { problem: `expected a sample id (a string or an integer), got ${describeValue(id)}`, place: at('id') };
  }
  const epoch = sample.epoch ?? 1;
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1) {
    return { problem: `expected an epoch (an integer >= 1), got ${describeValue(epoch)}`, place: at('epoch') };
  }
  const record: Record<string, unknown> = { item: id, variant, sample: epoch - 1, task: header.task };
  const tags = metadataTags(sample.metadata);
  if (tags) record.tags = tags;
  if (typeof sample.total_time === 'number') record.latencyMs = sample.total_time * 1000;
  const limit = sample.limit as Record<string, unknown> | undefined;
  if (limit && typeof limit.type === 'string') record.limit = limit.type;
  const answer = outputText(sample);
  if (answer !== undefined) record.output = answer;
  // The question and the answer key, for the flip tables: `input` is a string or the chat messages, `target` a
  // string or a list of acceptable ones (inspect_ai's EvalSample); a list of one is that one string.
  const question = sample.input;
  if (question !== undefined && question !== null && question !== '') record.input = question;
  const target = Array.isArray(sample.target) && sample.target.length === 1 ? sample.target[0] : sample.target;
  if (target !== undefined && target !== null && target !== '') record.expected = target;
  const scope = header.task;
  const error = sample.error;
  if (error !== undefined && error !== null) {
    record.status = 'error';
    record.error =
      typeof error === 'string' ? error : String((error as Record<string, unknown>).message ?? 'sample error');
    return { record, place, scope };
  }
  const scores = sample.scores as Record<string, unknown> | undefined | null;
  const scorer = choice?.scorer ?? (scores ? Object.keys(scores)[0] : undefined);
  const score = scorer === undefined || !scores ? undefined : (scores[scorer] as Record<string, unknown> | undefined);
  if (score === undefined || score === null) return { record: unscored(record, 'no score'), place, scope };
  let value = score.value;
  const valuePlace = at(`scores.${scorer}.value`);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (choice?.key === null || choice === null) {
      return {
        problem: `the value is a dict (${keys.join(', ')}): name one key with --scorer ${scorer}.${keys[0] ?? 'KEY'}`,
        place: valuePlace,
      };
    }
    if (!Object.hasOwn(value, choice.key)) {
      return {
        problem: `--scorer ${scorer}.${choice.key}: the value has no key "${choice.key}" (it has ${keys.join(', ')})`,
        place: valuePlace,
      };
    }
    value = (value as Record<string, unknown>)[choice.key];
  }
  if (Array.isArray(value)) {
    return {
      problem: 'a list of values has no single outcome: choose a scorer with one value (--scorer)',
      place: valuePlace,
    };
  }
  if (value === null || value === undefined) return { record: unscored(record, 'null value'), place, scope };
  if (typeof value === 'boolean') {
    record.pass = value;
    record.score = value ? 1 : 0;
    return { record, place, scope };
  }
  const number = typeof value === 'number' ? value : toFloat(String(value));
  if (number === undefined) {
    return { problem: `expected C, I, P, N, a boolean or a number, got ${describeValue(value)}`, place: valuePlace };
  }
  if (!Number.isFinite(number)) return { record: unscored(record, String(value)), place, scope };
  record.score = number;
  if (value === 'C' || value === 'I' || value === 'N' || number === 0 || number === 1) {
    if (value !== 'P') record.pass = number === 1;
  }
  return { record, place, scope };
}

function unscored(record: Record<string, unknown>, why: string): Record<string, unknown> {
  return { ...record, status: 'skipped', unscored: why };
}

/** inspect's `value_to_float` on a string: the C/I/P/N letters, yes/no/true/false, numeric text (NaN included). */
function toFloat(text: string): number | undefined {
  const known = FLOATS[text] ?? FLOATS[text.toLowerCase()];
  if (known !== undefined) return known;
  const trimmed = text.trim();
  if (/^[-+]?(nan|inf(inity)?)$/i.test(trimmed))
    return trimmed.toLowerCase().includes('nan') ? Number.NaN : trimmed.startsWith('-') ? -Infinity : Infinity;
  const number = trimmed === '' ? Number.NaN : Number(trimmed);
  return Number.isNaN(number) ? undefined : number;
}

function metadataTags(metadata: unknown): Record<string, string> | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  let tags: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      tags ??= {};
      tags[key] = String(value);
    }
  }
  return tags;
}

function outputText(sample: Record<string, unknown>): string | undefined {
  const output = sample.output as Record<string, unknown> | undefined;
  const completion = output?.completion;
  return typeof completion === 'string' ? completion : undefined;
}
