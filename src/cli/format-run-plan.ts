import type { RunPolicy } from '../runner/run-policy';
import { redactUrlCredentials } from '../runner/targets/endpoint-url';
import { DEFAULT_ANTHROPIC_API_KEY_ENV, DEFAULT_ANTHROPIC_BASE_URL } from '../schema/anthropic-target-config';
import type { Experiment, TargetDefinition } from '../schema/experiment-definition';

/** What `verdict run --dry-run` shows, as data (`--json`) before it is text. */
export interface RunPlan {
  readonly experiment: string;
  readonly file: string;
  readonly outDir: string;
  readonly items: number;
  readonly variants: Readonly<Record<string, string>>;
  /** The judge scorer's judge, described as a target is, when the scorer is model-graded. */
  readonly judge?: string;
  readonly samples: number;
  readonly cells: number;
  readonly policy: RunPolicy;
}

/** One line describing a target, without secrets: the key's variable name, never its value. */
export function describeTarget(target: TargetDefinition): string {
  if (typeof target === 'function') return `function ${target.name || '(anonymous)'}`;
  if (target.type === 'openai') {
    const key = target.apiKeyEnv === undefined ? 'no API key' : `key from $${target.apiKeyEnv}`;
    return `openai ${target.model} at ${redactUrlCredentials(target.baseURL)} (${key})`;
  }
  if (target.type === 'anthropic')
    return `anthropic ${target.model} at ${target.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL} (key from $${target.apiKeyEnv ?? DEFAULT_ANTHROPIC_API_KEY_ENV})`;
  if (target.type === 'http') return `http ${target.method ?? 'POST'} ${redactUrlCredentials(target.url)}`;
  return `command ${target.argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ')}${target.cwd === undefined ? '' : ` (in ${target.cwd})`}`;
}

/** The plan of a run: items x variants x samples = cells, the policy and where results go. */
export function runPlan(
  experiment: Experiment,
  policy: RunPolicy,
  { file, outDir }: { file: string; outDir: string },
): RunPlan {
  const variants = Object.fromEntries(
    Object.entries(experiment.variants).map(([name, target]) => [name, describeTarget(target)]),
  );
  const cells = experiment.items.length * Object.keys(variants).length * policy.samples;
  const { score } = experiment;
  return {
    experiment: experiment.name,
    file,
    outDir,
    items: experiment.items.length,
    variants,
    ...(typeof score === 'object' && score.type === 'judge' ? { judge: describeTarget(score.judge) } : {}),
    samples: policy.samples,
    cells,
    policy,
  };
}

/**
 * The plan as text, e.g.
 * `cells: 4000 = 1000 items x 2 variants x 2 samples`, then the policy, the variants and the run directory.
 */
export function formatRunPlan(plan: RunPlan): string {
  const { policy } = plan;
  const names = Object.keys(plan.variants);
  const width = Math.max(...names.map((name) => name.length));
  const rateLimit = Object.entries(policy.rateLimit);
  return [
    `experiment: ${plan.experiment} (${plan.file})`,
    `cells: ${plan.cells} = ${plan.items} items x ${names.length} variants x ${plan.samples} samples`,
    'variants:',
    ...names.map((name) => `  ${name.padEnd(width)}  ${plan.variants[name]}`),
    `policy: concurrency ${policy.concurrency}, timeout ${policy.timeoutMs} ms per cell${policy.attemptTimeoutMs === undefined ? '' : ` (${policy.attemptTimeoutMs} ms per attempt)`}, ` +
      `retries ${policy.retries.max} (backoff ${policy.retries.baseDelayMs}-${policy.retries.maxDelayMs} ms), seed ${policy.seed}`,
    `        rate limit ${rateLimit.length === 0 ? 'none' : rateLimit.map(([v, rpm]) => `${v} ${rpm}/min`).join(', ')}, ` +
      `max cost ${policy.maxCostUsd === undefined ? 'none' : `$${policy.maxCostUsd}`}`,
    ...(plan.judge === undefined ? [] : [`judge: ${plan.judge}`]),
    ...Object.entries(policy.accounts ?? {}).map(
      ([name, account]) =>
        `account ${name}: ${
          [
            account.requestsPerMinute === undefined ? undefined : `${account.requestsPerMinute} requests/min`,
            account.tokensPerMinute === undefined ? undefined : `${account.tokensPerMinute} tokens/min`,
          ]
            .filter((part) => part !== undefined)
            .join(', ') || 'no limit'
        } shared by ${[...account.variants, ...(account.judge ? ['the judge'] : [])].join(', ')}`,
    ),
    `out: ${plan.outDir}`,
    '',
  ].join('\n');
}
