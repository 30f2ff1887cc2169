import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import JSONParser from '@streamparser/json/jsonparser.js';
import { InputError } from '../schema/input-error';
import { formatPath } from '../schema/input-error-from-zod';
import { NonFiniteQuoter } from './non-finite-json';

/** One value of a JSON document and where it sits (`['samples', 3]`). */
export interface JsonValueAt {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/**
 * The values of a JSON document at the given paths (jsonpath subset: `$.samples.*`, `$.eval`), in
 * document order, as the file streams in: each is built whole, nothing else of the document is kept
 * (@streamparser/json with `keepStack: false`). Bare NaN/Infinity are read as Python writes them.
 *
 * @throws {InputError} `file: not valid JSON (...)` naming the path the parser was in
 */
export async function* streamJsonValues(
  file: string,
  paths: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<JsonValueAt> {
  const found: JsonValueAt[] = [];
  const parser = new JSONParser({ paths: [...paths], keepStack: false });
  let lastPath: readonly (string | number)[] = [];
  parser.onValue = ({ value, key, stack }) => {
    const path = [...stack.slice(1).map((element) => element.key as string | number), key as string | number];
    lastPath = path;
    found.push({ path, value });
  };
  const fail = (error: unknown): never => {
    const after = lastPath.length === 0 ? '' : ` after \`${formatPath(lastPath)}\``;
    throw new InputError(`not valid JSON${after} (${(error as Error).message})`, { file });
  };
  const quoter = new NonFiniteQuoter();
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of createReadStream(file, { signal }) as AsyncIterable<Buffer>) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    write(parser, quoter.push(text), fail);
    yield* found.splice(0);
  }
  write(parser, quoter.push(decoder.end()) + quoter.end(), fail);
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      fail(error);
    }
  }
  yield* found.splice(0);
}

/** Feed the parser; once the document is complete (the parser ends itself) only whitespace may follow. */
function write(parser: JSONParser, text: string, fail: (error: unknown) => never): void {
  if (text === '') return;
  if (parser.isEnded) {
    if (text.trim() !== '') fail(new Error('text after the end of the document'));
    return;
  }
  try {
    parser.write(text);
  } catch (error) {
    fail(error);
  }
}
