import type { IssuePath } from './input-error-from-zod';

/** The one name verdict refuses as a variant, a tag or a field. */
export const PROTOTYPE_KEY = '__proto__';

/**
 * Why `__proto__` is refused: an object keyed by names (variants in the Verdict document, tags, the
 * fields of a record) cannot hold it as data. Assigning it sets the object's prototype instead, and
 * zod drops it from every record it parses, so it would be lost without a word. Every other name,
 * `constructor`, `toString` and `valueOf` included, is kept (lookups keyed by user names use Maps
 * and null-prototype objects).
 */
export const PROTOTYPE_KEY_PROBLEM =
  '`__proto__` cannot name a variant, a tag or a field (JavaScript objects keyed by name cannot hold it as data); rename it';

/** Whether `value` is an object with an own `__proto__` key (as JSON.parse, YAML or a CSV header make one). */
export const hasPrototypeKey = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, PROTOTYPE_KEY);

/**
 * The path of the first `__proto__` among the names of an experiment or an item as read: the
 * experiment's own fields, its variants, its per-variant rate limits, and each inline item's fields
 * and tags. An item's `input` and `expected` are data for the target and are not looked into.
 *
 * @example prototypeKeyPath(JSON.parse('{"variants":{"__proto__":{}}}')) // ['variants', '__proto__']
 */
export function prototypeKeyPath(definition: unknown, prefix: IssuePath = []): IssuePath | undefined {
  if (typeof definition !== 'object' || definition === null) return undefined;
  if (hasPrototypeKey(definition)) return [...prefix, PROTOTYPE_KEY];
  const { variants, rateLimit, items, tags } = definition as Record<string, unknown>;
  for (const [name, names] of [
    ['variants', variants],
    ['rateLimit', rateLimit],
    ['tags', tags],
  ] as const)
    if (hasPrototypeKey(names)) return [...prefix, name, PROTOTYPE_KEY];
  if (Array.isArray(items))
    for (let i = 0; i < items.length; i++) {
      const found = prototypeKeyPath(items[i], [...prefix, 'items', i]);
      if (found !== undefined) return found;
    }
  return undefined;
}
