import { ItemSchema } from '../schema/experiment';
import type { ExperimentItem } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import { formatPath, type IssuePath, inputErrorFromZod } from '../schema/input-error-from-zod';
import { PROTOTYPE_KEY_PROBLEM, prototypeKeyPath } from '../schema/prototype-key';

/** An item as read, before validation, with where it was written. */
export interface RawItem {
  readonly value: unknown;
  /** The 1-based line of the item (JSONL, CSV), when the whole item is on one line. */
  readonly line?: number;
  /** The item's path within its file (`['items', 3]` in an experiment, `[3]` in a JSON array). */
  readonly path: IssuePath;
}

/** Where the raw items came from. */
export interface ItemsOrigin {
  /** The file, as the user wrote it. */
  readonly file: string;
  /** Lines of paths, for JSON and YAML. */
  readonly lineOf?: (path: IssuePath) => number | undefined;
}

/**
 * Validate items against {@link ItemSchema} and check that ids are unique (compared as text: `7` and
 * `"7"` would pair as one item in a results file). Errors name the file, the line and the field;
 * a duplicate names both places.
 *
 * @throws {InputError} for the first invalid item (later problems of the same item in `details`),
 *   a duplicate id, or no items at all.
 */
export function validateItems(raw: readonly RawItem[], { file, lineOf }: ItemsOrigin): ExperimentItem[] {
  if (raw.length === 0) throw new InputError('expected at least one item, got none', { file, field: 'items' });
  const seen = new Map<string, RawItem>();
  const items: ExperimentItem[] = [];
  for (const entry of raw) {
    const named = prototypeKeyPath(entry.value, entry.path);
    if (named !== undefined)
      throw new InputError(PROTOTYPE_KEY_PROBLEM, {
        file,
        line: entry.line ?? lineOf?.(named),
        field: formatPath(named),
      });
    const parsed = ItemSchema.safeParse(entry.value);
    if (!parsed.success) {
      throw inputErrorFromZod(parsed.error, entry.value, { file, line: entry.line, lineOf, pathPrefix: entry.path });
    }
    const id = String(parsed.data.id);
    const first = seen.get(id);
    if (first !== undefined) {
      const idPath = [...entry.path, 'id'];
      const line = entry.line ?? lineOf?.(idPath);
      const firstLine = first.line ?? lineOf?.([...first.path, 'id']);
      const where = firstLine === undefined ? `at ${formatPath(first.path)}` : `on line ${firstLine}`;
      throw new InputError(`duplicate item id ${JSON.stringify(parsed.data.id)} (first ${where})`, {
        file,
        line,
        field: formatPath(idPath),
      });
    }
    seen.set(id, entry);
    items.push(parsed.data as ExperimentItem);
  }
  return items;
}
