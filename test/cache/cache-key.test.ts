import { describe, expect, it } from 'vitest';
import { cacheKey, type TargetIdentity, targetIdentity } from '../../src/cache/index';
import type { OpenAITargetConfig } from '../../src/schema/experiment-definition';

const openai: OpenAITargetConfig = {
  type: 'openai',
  baseURL: 'http://127.0.0.1:1234/v1',
  model: 'model-a',
  system: 'Answer briefly.',
  temperature: 0,
  maxTokens: 64,
  apiKeyEnv: 'VERDICT_TEST_KEY',
  headers: { Authorization: 'Bearer sk-canary-secret-1234' },
  pricing: { inputPerMillion: 1, outputPerMillion: 2 },
};
const key = (target: TargetIdentity, input: unknown = 'q', sample = 0, seed = 1) =>
  cacheKey({ target, input, sample, seed });

describe('cacheKey', () => {
  it('is 64 hex digits, the same for the same parts in any key order', () => {
    const k = key(targetIdentity(openai), { a: 1, b: [2, { c: 3, d: 4 }] });
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(key(targetIdentity({ ...openai }), { b: [2, { d: 4, c: 3 }], a: 1 })).toBe(k);
  });

  it('differs for another sample or seed: a cached repeat is never served as another sample', () => {
    const target = targetIdentity(openai);
    const keys = new Set([
      key(target, 'q', 0, 1),
      key(target, 'q', 1, 1),
      key(target, 'q', 2, 1),
      key(target, 'q', 0, 2),
    ]);
    expect(keys.size).toBe(4);
  });

  it('differs when the input, the model, a parameter, the prompt template or the provider changes', () => {
    const base = key(targetIdentity(openai));
    const changed = [
      key(targetIdentity(openai), 'q2'),
      key(targetIdentity({ ...openai, model: 'model-b' })),
      key(targetIdentity({ ...openai, temperature: 0.7 })),
      key(targetIdentity({ ...openai, maxTokens: 65 })),
      key(targetIdentity({ ...openai, system: 'Answer at length.' })),
      key(targetIdentity({ ...openai, baseURL: 'http://127.0.0.1:1235/v1' })),
      key(targetIdentity(openai, { promptVersion: 2 })),
    ];
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
  });

  it('ignores what does not change the output: the headers, the key variable and the pricing', () => {
    const { headers: _h, apiKeyEnv: _k, pricing: _p, ...bare } = openai;
    expect(key(targetIdentity(bare))).toBe(key(targetIdentity(openai)));
    expect(JSON.stringify(targetIdentity(openai))).not.toMatch(/canary|Authorization|VERDICT_TEST_KEY/);
  });

  it('anthropic: defaults filled in (writing one out still hits), stream, key and pricing left out', () => {
    const claude = { type: 'anthropic', model: 'claude-test', maxTokens: 64 } as const;
    const explicit = {
      ...claude,
      baseURL: 'https://api.anthropic.com',
      anthropicVersion: '2023-06-01',
      stream: false,
      apiKeyEnv: 'VERDICT_TEST_KEY',
      headers: { 'anthropic-beta': 'sk-canary-secret-1234' },
      pricing: { inputPerMillion: 3, outputPerMillion: 15 },
    } as const;
    expect(key(targetIdentity(explicit))).toBe(key(targetIdentity(claude)));
    expect(JSON.stringify(targetIdentity(explicit))).not.toMatch(/canary|VERDICT_TEST_KEY/);
    expect(key(targetIdentity({ ...claude, maxTokens: 65 }))).not.toBe(key(targetIdentity(claude)));
    expect(key(targetIdentity({ ...claude, topP: 0.5 }))).not.toBe(key(targetIdentity(claude)));
  });

  it('http: the templates (never the secrets they read) and the output path; headers by their hash', () => {
    const http = {
      type: 'http',
      url: 'https://api.example/generate?key={{env.KEY}}',
      headers: { Authorization: 'Bearer sk-canary-secret-1234' },
      body: { prompt: '{{input}}' },
      output: '$.text',
    } as const;
    const identity = targetIdentity(http);
    expect(JSON.stringify(identity)).not.toContain('canary');
    expect(key(targetIdentity({ ...http, usage: { prompt: '$.u' } }))).toBe(key(identity));
    expect(key(targetIdentity({ ...http, method: 'POST' }))).toBe(key(identity));
    for (const changed of [
      { ...http, body: { prompt: 'Q: {{input}}' } },
      { ...http, output: '$.answer' },
      { ...http, headers: { Authorization: 'Bearer other' } },
      { ...http, method: 'PUT' as const },
    ])
      expect(key(targetIdentity(changed))).not.toBe(key(identity));
  });

  it("functions: keyed by their source text, so an edit misses; a command's env by its hash", () => {
    const f = (input: unknown) => `echo ${String(input)}`;
    const g = (input: unknown) => `echo ${String(input)}!`;
    expect(key(targetIdentity(f))).not.toBe(key(targetIdentity(g)));
    expect(key(targetIdentity(f))).toBe(key(targetIdentity((input: unknown) => `echo ${String(input)}`)));
    const command = { type: 'command', argv: ['./answer'], env: { TOKEN: 'sk-canary-secret-1234' } } as const;
    const identity = targetIdentity(command);
    expect(JSON.stringify(identity)).not.toContain('canary');
    expect(key(identity)).not.toBe(key(targetIdentity({ ...command, env: { TOKEN: 'other' } })));
  });

  it('rejects a sample or seed that is not one, and anything that is not a target', () => {
    const target = targetIdentity(openai);
    expect(() => cacheKey({ target, input: 1, sample: -1, seed: 0 })).toThrow(
      new RangeError('cacheKey: `sample` must be a non-negative integer, got -1'),
    );
    expect(() => cacheKey({ target, input: 1, sample: 0, seed: Number.NaN })).toThrow(
      new RangeError('cacheKey: `seed` must be a finite number, got NaN'),
    );
    expect(() => targetIdentity({ type: 'gemini' } as never)).toThrow(
      new TypeError(
        "targetIdentity: expected a function or a target of type 'openai', 'anthropic', 'http' or 'command', got type \"gemini\"",
      ),
    );
  });
});
