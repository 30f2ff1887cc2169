import type { AccountConfig } from './experiment-definition';

/** A problem with an experiment's `accounts`, at a path of the experiment. */
export interface AccountProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What the account checks look at. */
export interface AccountUse {
  readonly accounts: Readonly<Record<string, AccountConfig>> | undefined;
  readonly variants: readonly string[];
  /** Variants with a `rateLimit` of their own (all of them when it is one value for all). */
  readonly rateLimited: readonly string[];
  /** The judge scorer's `account`, if it names one. */
  readonly judgeAccount: string | undefined;
}

/**
 * What is wrong with how an experiment's variants and judge use its accounts: a member that names no
 * variant, a variant in two accounts (whose limit would hold?), a variant with both an account and a
 * `rateLimit` of its own, a judge naming an account that is not declared, and an account nothing uses
 * (a typo in a name would otherwise leave the variants unlimited, silently). The experiment file's
 * schema and runExperiment both check with this.
 */
export function accountProblems({ accounts, variants, rateLimited, judgeAccount }: AccountUse): AccountProblem[] {
  const problems: AccountProblem[] = [];
  const owner = new Map<string, string>();
  for (const [name, account] of Object.entries(accounts ?? {})) {
    (account.variants ?? []).forEach((variant, index) => {
      const path = ['accounts', name, 'variants', index];
      if (!variants.includes(variant))
        problems.push({
          path,
          message: `no variant named ${JSON.stringify(variant)} (variants: ${variants.join(', ')})`,
        });
      else if (owner.has(variant) && owner.get(variant) !== name)
        problems.push({
          path,
          message: `variant ${JSON.stringify(variant)} is in account ${JSON.stringify(owner.get(variant))} already: a variant uses one account`,
        });
      else if (rateLimited.includes(variant))
        problems.push({
          path,
          message: `variant ${JSON.stringify(variant)} has a \`rateLimit\` of its own too: give its limit on the account only`,
        });
      owner.set(variant, owner.get(variant) ?? name);
    });
    if ((account.variants ?? []).length === 0 && judgeAccount !== name)
      problems.push({
        path: ['accounts', name],
        message: "no variant and no judge uses this account: list its `variants`, or name it as the judge's `account`",
      });
  }
  if (judgeAccount !== undefined && !Object.hasOwn(accounts ?? {}, judgeAccount))
    problems.push({
      path: ['score', 'account'],
      message: `no account named ${JSON.stringify(judgeAccount)} in \`accounts\`${accounts === undefined ? '' : ` (accounts: ${Object.keys(accounts).join(', ')})`}`,
    });
  return problems;
}

/** Each variant's account, for the variants that are in one. */
export function accountOfVariant(accounts: Readonly<Record<string, AccountConfig>> | undefined): Map<string, string> {
  const owner = new Map<string, string>();
  for (const [name, account] of Object.entries(accounts ?? {}))
    for (const variant of account.variants ?? []) if (!owner.has(variant)) owner.set(variant, name);
  return owner;
}
