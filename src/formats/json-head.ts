import JSONParser from '@streamparser/json/jsonparser.js';
import { NonFiniteQuoter } from './non-finite-json';

/** What the first bytes of a JSON document show: its top-level kind and the values complete in them. */
export interface JsonHead {
  readonly root: 'object' | 'array';
  /**
   * Values down to depth 3, by dotted path (`eval.task`, `results.version`, `0.instance_id`), for those
   * that end within the head; containers too, as far as they were complete.
   */
  readonly values: ReadonlyMap<string, unknown>;
}

/**
 * Read the start of a JSON document (a file's first 64 KiB) without needing its end: a streaming parser
 * fed only the head reports every value that is already complete there. Null when the text is not the
 * start of a JSON object or array.
 */
export function jsonHead(head: string): JsonHead | null {
  const first = head.trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  const values = new Map<string, unknown>();
  const parser = new JSONParser({ paths: ['$.*', '$.*.*', '$.*.*.*'], keepStack: true });
  parser.onValue = ({ value, key, stack }) => {
    const path = [...stack.slice(1).map((element) => element.key), key].map(String).join('.');
    values.set(path, value);
  };
  let broken = false;
  parser.onError = () => {
    broken = true;
  };
  try {
    parser.write(new NonFiniteQuoter().push(head));
  } catch {
    broken = true;
  }
  if (broken && values.size === 0) return null;
  return { root: first === '{' ? 'object' : 'array', values };
}
