import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../schema/canonical-json';
import { inputErrorFromZod } from '../schema/input-error-from-zod';
import { CACHE_KEY_PATTERN } from './cache-key';
import type { CacheableResult, CachedOutput } from './output-cache';

/** The format tag of an entry, so that a future layout is never misread as this one. */
export const CACHE_ENTRY_FORMAT = 'verdict-cache-entry/1';

const Usage = z
  .object({
    costUsd: z.number().nonnegative().optional(),
    tokens: z.union([z.number().nonnegative(), z.record(z.string(), z.number().nonnegative())]).optional(),
  })
  .strict();

/**
 * One stored entry: the format, the key it was written under, the output and what it cost, when, and the SHA-256
 * of the canonical JSON of everything else. Nothing about the request is kept beyond the key (a hash): no API key,
 * no header, no environment.
 */
export const CacheEntry = z
  .object({
    format: z.literal(CACHE_ENTRY_FORMAT),
    key: z.string().regex(CACHE_KEY_PATTERN),
    output: z.unknown().refine((value) => value !== undefined, 'required'),
    latencyMs: z.number().nonnegative(),
    usage: Usage.optional(),
    createdAt: z.iso.datetime(),
    checksum: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type CacheEntry = z.infer<typeof CacheEntry>;

/** SHA-256 (hex) of the canonical JSON of an entry without its checksum. */
function checksumOf(entry: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

/**
 * The text stored for a result under `key` (one JSON object and a newline), its checksum included.
 * @throws {TypeError} if the output is not a JSON value (a function, a cycle, undefined)
 * @example encodeCacheEntry(key, { status: 'ok', output: 'Paris', latencyMs: 812 }, new Date(0)) // '{"checksum":"…","createdAt":"1970-01-01T00:00:00.000Z",…}\n'
 */
export function encodeCacheEntry(key: string, result: CacheableResult, now: Date): string {
  const { output, latencyMs, usage } = result;
  if (output === undefined || typeof output === 'function' || typeof output === 'symbol') {
    throw new TypeError(`encodeCacheEntry: \`output\` must be a JSON value, got ${typeof output}`);
  }
  // Round-trip the output so that what is checksummed is what a reader will parse (NaN becomes null, Dates strings).
  const stored = JSON.parse(JSON.stringify(output)) as unknown;
  const body = {
    format: CACHE_ENTRY_FORMAT,
    key,
    output: stored,
    latencyMs,
    ...(usage === undefined ? {} : { usage: { ...usage } }),
    createdAt: now.toISOString(),
  } as const;
  return `${canonicalJson({ ...body, checksum: checksumOf(body) })}\n`;
}

/** What reading an entry's text gave: the cached output, or why the text is not a sound entry for that key. */
export type DecodedCacheEntry =
  | { readonly ok: true; readonly value: CachedOutput }
  | { readonly ok: false; readonly reason: string };

/**
 * Check and read the text of an entry expected under `key`: it must parse, match the schema, carry `key` (a file
 * moved or copied under another name is not served) and its checksum (a torn, truncated or edited entry is not).
 * @example decodeCacheEntry(key, text) // { ok: true, value: { output: 'Paris', latencyMs: 812, createdAt: '…' } }
 */
export function decodeCacheEntry(key: string, text: string): DecodedCacheEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: `not JSON (${text.length} bytes; a write cut short?)` };
  }
  const entry = CacheEntry.safeParse(parsed);
  if (!entry.success) return { ok: false, reason: inputErrorFromZod(entry.error, parsed).message };
  const { checksum, ...body } = entry.data;
  if (body.key !== key) return { ok: false, reason: `written for key ${body.key.slice(0, 12)}…, not this one` };
  if (checksumOf(body) !== checksum) return { ok: false, reason: 'checksum mismatch (a torn or edited entry)' };
  const { output, latencyMs, usage, createdAt } = body;
  return { ok: true, value: { output, latencyMs, ...(usage === undefined ? {} : { usage }), createdAt } };
}
