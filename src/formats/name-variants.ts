import { basename } from 'node:path';
import type { ResultRecord } from '../schema/result-record';
import type { VariantReport } from './format-reader';
import { type InputCompleteness, UNKNOWN_COMPLETENESS } from './input-completeness';
import type { FormatInput } from './read-format-input';
import { isRecordSchemaFormat } from './verdict-records';

/**
 * One variant of one input, as the loader named it: what the gate needs to know of its source. Every
 * variant of every input has one (verdict's own record files too, with `unknown` completeness).
 */
export interface VariantSource {
  /** The variant as the results table names it. */
  readonly variant: string;
  /** The name the tool gave it (a model, a provider), before any renaming. */
  readonly nativeVariant: string;
  /** How `variant` was chosen: the tool's name, or a fallback because two inputs had the same name. */
  readonly naming: 'tool' | 'run id' | 'file name' | 'input position';
  /** The input (file or directory) as given. */
  readonly path: string;
  /** The format it was read as (`verdict`, `inspect-eval`, ...). */
  readonly format: string;
  readonly runId: string | null;
  /** As the reader reported it; its `plannedItems` are written as the table writes items (`task/id` when prefixed). */
  readonly completeness: InputCompleteness;
}

/** The records of every input after naming, and what the user should be told about it. */
export interface NamedInputs {
  readonly sources: VariantSource[];
  readonly notes: string[];
}

/**
 * Name the variants and items of several inputs so that they pair as meant (mutates the records):
 * - When scoped rows (a task's item ids) hold more than one scope, each of their items becomes
 *   `scope/item`, so that document 7 of one task never pairs with document 7 of another.
 * - When two inputs of other tools' formats give the same variant name and share an item (a re-run,
 *   another prompt on the same model), the variant of each becomes `name@run-id`, else `name@file-name`,
 *   else `name#position`; inputs with the same name and no item in common (shards, other tasks) merge.
 */
export function nameVariants(inputs: readonly FormatInput[]): NamedInputs {
  const notes: string[] = [];
  const scopes = new Set<string>();
  for (const input of inputs) for (const scope of input.scopes) if (scope !== undefined) scopes.add(scope);
  const prefixed = scopes.size > 1;
  if (prefixed) {
    for (const input of inputs) {
      input.records.forEach((record, i) => {
        const scope = input.scopes[i];
        if (scope !== undefined) record.item = `${scope}/${record.item}`;
      });
    }
    notes.push(`items are named task/id: the inputs hold ${scopes.size} tasks (${[...scopes].join(', ')})`);
  }

  const renamed = new Map<FormatInput, Map<string, { name: string; naming: VariantSource['naming'] }>>();
  const byName = new Map<string, FormatInput[]>();
  for (const input of inputs) {
    if (isRecordSchemaFormat(input.format)) continue;
    for (const name of new Set(input.records.map((record) => record.variant))) {
      byName.set(name, [...(byName.get(name) ?? []), input]);
    }
  }
  for (const [name, holders] of byName) {
    if (holders.length < 2 || !shareAnItem(holders, name)) continue;
    const runIds = holders.map((input) => input.variants.find((v) => v.variant === name)?.runId ?? null);
    const files = holders.map((input) => basename(input.path));
    const distinct = (values: readonly (string | null)[]) =>
      values.every((value) => value !== null) && new Set(values).size === values.length;
    const [naming, suffixes]: [VariantSource['naming'], string[]] = distinct(runIds)
      ? ['run id', runIds.map((id) => `@${id}`)]
      : distinct(files)
        ? ['file name', files.map((file) => `@${file}`)]
        : ['input position', holders.map((_, i) => `#${i + 1}`)];
    holders.forEach((input, i) => {
      const map = renamed.get(input) ?? new Map();
      map.set(name, { name: `${name}${suffixes[i]}`, naming });
      renamed.set(input, map);
    });
    notes.push(
      `variant ${JSON.stringify(name)} is in ${holders.length} inputs with items in common, so each is named by ${naming}: ${holders
        .map((input, i) => `${JSON.stringify(`${name}${suffixes[i]}`)} (${input.path})`)
        .join(', ')}`,
    );
  }

  const sources: VariantSource[] = [];
  for (const input of inputs) {
    const names = renamed.get(input);
    if (names) for (const record of input.records) record.variant = names.get(record.variant)?.name ?? record.variant;
    const reported = new Map<string, VariantReport>();
    for (const report of input.variants) {
      const earlier = reported.get(report.variant);
      reported.set(
        report.variant,
        earlier ? { ...report, completeness: mergeCompleteness(earlier.completeness, report.completeness) } : report,
      );
    }
    const native = new Set<string>(input.variants.map((v) => v.variant));
    for (const record of input.records) if (!names?.has(record.variant)) native.add(record.variant);
    for (const name of native) {
      if (names && [...names.values()].some((v) => v.name === name)) continue;
      const report = reported.get(name);
      const chosen = names?.get(name);
      const inputScopes = new Set(input.scopes.filter((s) => s !== undefined));
      const [scope] = inputScopes;
      let completeness = report?.completeness ?? UNKNOWN_COMPLETENESS;
      if (prefixed && inputScopes.size === 1 && completeness.plannedItems !== null) {
        completeness = { ...completeness, plannedItems: completeness.plannedItems.map((item) => `${scope}/${item}`) };
      }
      sources.push({
        variant: chosen?.name ?? name,
        nativeVariant: name,
        naming: chosen?.naming ?? 'tool',
        path: input.path,
        format: input.format,
        runId: report?.runId ?? null,
        completeness,
      });
    }
    notes.push(...input.notes);
  }
  return { sources, notes };
}

/** Whether two of the inputs give `variant` an outcome on the same item. */
function shareAnItem(inputs: readonly FormatInput[], variant: string): boolean {
  const seen = new Map<string, FormatInput>();
  for (const input of inputs) {
    for (const record of input.records as ResultRecord[]) {
      if (record.variant !== variant) continue;
      const key = String(record.item);
      const first = seen.get(key);
      if (first !== undefined && first !== input) return true;
      seen.set(key, input);
    }
  }
  return false;
}

/** One variant reported twice by one input (a directory of several tasks): incomplete if either part is. */
function mergeCompleteness(a: InputCompleteness, b: InputCompleteness): InputCompleteness {
  const state =
    a.state === 'incomplete' || b.state === 'incomplete'
      ? 'incomplete'
      : a.state === 'complete' && b.state === 'complete'
        ? 'complete'
        : 'unknown';
  const plannedItems =
    a.plannedItems !== null && b.plannedItems !== null ? [...a.plannedItems, ...b.plannedItems] : null;
  return { state, detail: `${a.detail}; ${b.detail}`, plannedItems };
}
