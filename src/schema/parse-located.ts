import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { InputError } from './input-error';
import type { IssuePath } from './input-error-from-zod';

/** A parsed JSON or YAML document and a way to find the line of any path in it. */
export interface LocatedDocument {
  readonly value: unknown;
  /** The 1-based line where the value (or, for an unknown key, the key) at `path` is written. */
  readonly lineOf: (path: IssuePath) => number | undefined;
}

/**
 * Parse a JSON or YAML file's text, keeping the source positions so that a problem found later
 * (by a zod schema, a duplicate id) can name its line. JSON is parsed with `JSON.parse` for exact
 * JSON semantics; its positions come from the `yaml` package, since JSON is YAML 1.2.
 *
 * @throws {InputError} `file:line: invalid JSON|YAML: ...` when the text does not parse.
 * @example parseLocated('a: 1\nb: [2, 3]\n', { file: 'x.yaml', format: 'yaml' }).lineOf(['b', 1]) // 2
 */
export function parseLocated(
  source: string,
  { file, format }: { readonly file: string; readonly format: 'json' | 'yaml' },
): LocatedDocument {
  // A byte-order mark is how some editors start a UTF-8 file; JSON.parse refuses it, so drop it (as the results loader does).
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: format === 'yaml' });
  let value: unknown;
  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      // Node 20's JSON.parse names a position only for some errors; YAML (a superset of JSON) locates the rest.
      const position = /position (\d+)/.exec(message);
      const line = position ? lineCounter.linePos(Number(position[1])).line : doc.errors[0]?.linePos?.[0].line;
      throw new InputError(`invalid JSON: ${message.split('\n')[0]}`, { file, line });
    }
  } else {
    const [first] = doc.errors;
    if (first !== undefined) {
      throw new InputError(
        `invalid YAML: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        { file, line: first.linePos?.[0].line },
      );
    }
    value = doc.toJS({ maxAliasCount: 1000 });
  }
  const lineOf = (path: IssuePath): number | undefined => {
    const offset = offsetOf(doc.contents, path);
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { value, lineOf };
}

/** The source offset of the deepest node along `path` that exists (a missing key points at its map). */
function offsetOf(root: unknown, path: IssuePath): number | undefined {
  let node = root;
  let offset = isNode(node) ? node.range?.[0] : undefined;
  for (const key of path) {
    if (!isNode(node) || !('items' in node) || !Array.isArray(node.items)) break;
    const child = isMap(node)
      ? node.items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(key))
      : node.items[Number(key)];
    if (child === undefined) break;
    if (isPair(child)) {
      offset = isNode(child.key) ? (child.key.range?.[0] ?? offset) : offset;
      node = child.value;
    } else {
      node = child;
      offset = isNode(node) ? (node.range?.[0] ?? offset) : offset;
    }
  }
  return offset;
}
