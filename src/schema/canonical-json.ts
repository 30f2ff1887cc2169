/**
 * JSON with object keys sorted at every level, so that two equal configurations give the same text
 * whatever order their keys were written in. Functions become `{"$function": source text}` (their
 * closures are not visible: two functions with the same source hash alike), `undefined` properties
 * are dropped, bigints become strings, Dates ISO strings, RegExps their `/source/flags`.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, new Set())) ?? 'null';
}

function canonical(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === 'function') return { $function: value.toString() };
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof RegExp) return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((element) => canonical(element, ancestors) ?? null);
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const element = (value as Record<string, unknown>)[key];
      if (element !== undefined) result[key] = canonical(element, ancestors);
    }
    return result;
  } finally {
    ancestors.delete(value);
  }
}
