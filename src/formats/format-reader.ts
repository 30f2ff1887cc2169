import type { InputLocation } from '../schema/input-error';
import type { InputCompleteness } from './input-completeness';
import type { FormatProbe } from './probe-input';

/**
 * One row a reader yields: a record in verdict's record schema (src/schema/result-record.ts: `item`,
 * `variant`, `sample`, `pass`/`score` or `n`/`c`, `status`, `tags`, anything else kept) and where it came
 * from, for error messages (file, and line, zip entry or JSON path as `field`); or a problem found there.
 * `scope` names the task the item id belongs to: when the inputs hold several scopes, the loader writes
 * items as `scope/item` so that ids of different tasks never pair.
 */
export type FormatRow =
  | { readonly record: Record<string, unknown>; readonly place: InputLocation; readonly scope?: string }
  | { readonly problem: string; readonly place: InputLocation; readonly record?: undefined };

/** What a reader says of one variant of its input, once per variant. */
export interface VariantReport {
  /** The variant as the rows name it (the tool's own name for it: a model, a provider). */
  readonly variant: string;
  /** The tool's id of the run (inspect `eval.run_id`, lm-eval's date id), used when two inputs share a variant. */
  readonly runId: string | null;
  readonly completeness: InputCompleteness;
}

/** Where a reader reports what is not a row. */
export interface FormatReport {
  variant(report: VariantReport): void;
  /** A sentence the user should see (a header-only log, a choice made for them). */
  note(text: string): void;
  /** A file read besides the path given (a directory's files), for provenance. */
  file(path: string): void;
}

/** The choices a user can make on the command line; each reader reads those that apply to it. */
export interface FormatReadOptions {
  /** inspect_ai: the scorer whose value is the outcome (`NAME` or `NAME.KEY` for a dict value). @default the first in `eval.scorers` */
  readonly scorer?: string;
  /** lm-evaluation-harness: the filter whose rows are read. @default the only one; several: refused, listed */
  readonly filter?: string;
  /** lm-evaluation-harness, HELM, OpenAI evals: the metric read as the outcome. @default the first binary one */
  readonly sourceMetric?: string;
  readonly report: FormatReport;
}

/** How a format answers a probe: not mine, mine, or looks like mine but breaks `rule`. */
export type Detection = 'no' | 'yes' | { readonly broken: string };

/**
 * One on-disk format: detected from content, read as a stream of rows. Every format of verdict's reader
 * layer is one module exporting one of these; `src/formats/registry.ts` lists them.
 */
export interface FormatReader {
  /** The name `--format` takes (kebab-case). */
  readonly name: string;
  /** One line for `verdict formats`: which tool writes it, and how. */
  readonly describe: string;
  /** A command that runs on files in the repository's examples/ folder. */
  readonly example: string;
  readonly detect: (probe: FormatProbe) => Detection;
  /**
   * The rows of `path` (a file, or a directory for the formats that live in one), streamed: no file is
   * held whole as objects (a zip is read entry by entry, a JSON document element by element).
   * @throws {InputError} for a problem that stops the whole file (naming file, place and field)
   */
  readonly read: (path: string, options: FormatReadOptions, signal?: AbortSignal) => AsyncIterable<FormatRow>;
}
