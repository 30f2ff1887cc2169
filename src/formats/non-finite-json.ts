/**
 * JSON as Python writes it by default: `json.dumps` emits bare `NaN`, `Infinity` and `-Infinity`, which
 * JSON.parse (and every strict streaming parser) refuses. inspect_ai writes them on purpose since Aug 2025
 * (its design/nan-serialization.md: NaN is the "unscored" value). Here those tokens, outside strings, become
 * the strings "NaN", "Infinity" and "-Infinity": Python's `float()` and inspect's `value_to_float` read
 * those strings as the same numbers, so a reader that maps scores as inspect does needs no second rule.
 * Hand-written because no JSON library here parses these tokens in a stream.
 */

/** `JSON.parse`, and on failure, once more with the non-finite tokens quoted. */
export function parseJsonTolerant(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    const quoter = new NonFiniteQuoter();
    return JSON.parse(quoter.push(text) + quoter.end());
  }
}

const OUTSIDE = /["NI-]/g;
const INSIDE = /["\\]/g;

/**
 * Quotes bare `NaN` / `Infinity` / `-Infinity` in JSON text fed in pieces of any size (a file read as a
 * stream): tracks whether it is inside a string across pieces, and keeps back a token cut by a piece's end.
 * @example const q = new NonFiniteQuoter(); q.push('{"a": Na') + q.push('N}') + q.end() // '{"a": "NaN"}'
 */
export class NonFiniteQuoter {
  #inString = false;
  #escaped = false;
  #carry = '';

  push(piece: string): string {
    const text = this.#carry + piece;
    this.#carry = '';
    let out = '';
    let from = 0;
    let at = 0;
    if (this.#escaped && text.length > 0) {
      this.#escaped = false;
      at = 1;
    }
    while (at < text.length) {
      if (this.#inString) {
        INSIDE.lastIndex = at;
        const found = INSIDE.exec(text);
        if (found === null) break;
        if (found[0] === '\\') {
          if (found.index + 1 >= text.length) {
            this.#escaped = true;
            at = text.length;
            break;
          }
          at = found.index + 2;
        } else {
          this.#inString = false;
          at = found.index + 1;
        }
        continue;
      }
      OUTSIDE.lastIndex = at;
      const found = OUTSIDE.exec(text);
      if (found === null) break;
      const index = found.index;
      if (found[0] === '"') {
        this.#inString = true;
        at = index + 1;
        continue;
      }
      const negative = found[0] === '-';
      const start = negative ? index + 1 : index;
      const token = text.startsWith('NaN', start) ? 'NaN' : text.startsWith('Infinity', start) ? 'Infinity' : null;
      if (token === null) {
        const rest = text.slice(index);
        if (isCut(rest, negative)) {
          out += text.slice(from, index);
          this.#carry = rest;
          return out;
        }
        at = index + 1;
        continue;
      }
      out += `${text.slice(from, index)}"${negative ? '-' : ''}${token}"`;
      at = start + token.length;
      from = at;
    }
    return out + text.slice(from);
  }

  /** The text kept back at the end, if any (an incomplete document stays incomplete for the parser to report). */
  end(): string {
    const rest = this.#carry;
    this.#carry = '';
    return rest;
  }
}

/** Whether `rest` (from a `N`, `I` or `-` to the end of the piece) may be the start of a token cut short. */
function isCut(rest: string, negative: boolean): boolean {
  const body = negative ? rest.slice(1) : rest;
  if (body.length === 0) return negative;
  return 'NaN'.startsWith(body) || 'Infinity'.startsWith(body);
}
