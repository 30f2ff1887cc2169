/**
 * Conformance against golden values from R (stats, exact2x2, exactci, PropCIs, epiR, pwr, sandwich)
 * and exact arithmetic: ../shared/oracle/dev, copied into test/fixtures/oracle/. One test per family;
 * a failure lists every failing case with its inputs, got, want and tolerance.
 *
 * The oracle's orientation is A minus B (b = A passes / B fails); verdict's is candidate minus baseline
 * with n10 = baseline passes / candidate fails. Feeding the oracle's A in as verdict's candidate
 * (swapping the discordant cells) makes the two the same quantity. For the unpaired functions the
 * oracle reports group 1 minus group 2; verdict group 2 minus group 1, so the groups are swapped.
 */
import { describe, expect, it } from 'vitest';
import * as S from '../../stats/index';
import { type Check, loadOracleFamily, type OracleCase, runFamily } from '../helpers/oracle';

// biome-ignore lint/suspicious/noExplicitAny: oracle arguments are untyped JSON, checked by the adapters
type Args = Record<string, any>;
// biome-ignore lint/suspicious/noExplicitAny: oracle values are untyped JSON, compared by runFamily
type Expect = Record<string, any>;

const clip01 = (v: unknown) => (typeof v === 'number' ? Math.min(1, Math.max(0, v)) : v);
const exact = { abs: 0 };
const intervalChecks = (
  r: { estimate: number; lower: number; upper: number; confidence: number; method: string },
  e: Expect,
  confidence: number,
  method: string,
  clip = false,
): Check[] => [
  ['estimate', r.estimate, e.estimate],
  ['lower', r.lower, clip ? clip01(e.lower) : e.lower],
  ['upper', r.upper, clip ? clip01(e.upper) : e.upper],
  ['confidence', r.confidence, confidence, exact],
  ['method', r.method, method],
];

const proportionMethods: Record<string, S.ProportionIntervalMethod> = {
  binom_ci_wilson: 'wilson',
  binom_ci_wilson_cc: 'wilson-cc',
  binom_ci_clopper_pearson: 'clopper-pearson',
  binom_ci_jeffreys_bcd: 'jeffreys',
  binom_ci_agresti_coull: 'agresti-coull',
  binom_ci_wald: 'wald',
};
const differenceMethods: Record<string, S.PairedDifferenceMethod> = {
  paired_diff_wald: 'wald',
  paired_diff_wald_cc: 'wald-cc',
  paired_diff_newcombe: 'newcombe',
  paired_diff_agresti_min: 'agresti-min',
  paired_diff_tango: 'tango',
};
const adjustMethods: Record<string, S.AdjustPValuesMethod> = {
  holm: 'holm',
  hochberg: 'hochberg',
  BH: 'bh',
  BY: 'by',
  bonferroni: 'bonferroni',
};
/** Any two proportions with the same Cohen's h have the same arcsine power: rebuild a pair from h. */
const proportionsWithH = (h: number) => ({ p1: Math.sin((h + Math.PI / 2) / 2) ** 2, p2: 0.5 });

const adapters: Record<string, (a: Args, e: Expect, c: OracleCase) => readonly Check[] | 'skip'> = {
  // 1. binomial_ci
  ...Object.fromEntries(
    Object.entries(proportionMethods).map(([fn, method]) => [
      fn,
      (a: Args, e: Expect) =>
        intervalChecks(
          S.proportionInterval(a.x, a.n, { method, confidence: a.conf_level }),
          e,
          a.conf_level,
          method,
          method === 'wald' || method === 'agresti-coull',
        ),
    ]),
  ),
  binom_ci_jeffreys: () => 'skip', // Jeffreys without the boundary rule is outside the contract
  // 2. mcnemar
  mcnemar_chisq: (a, e) => {
    const r = S.mcnemarTest(
      { n11: a.a, n10: a.b, n01: a.c, n00: a.d },
      { method: 'asymptotic', continuityCorrection: a.correct },
    );
    const noDiscordant = e.p_value === 'NaN'; // R: NaN; verdict: statistic 0, pValue 1
    return [
      ['pValue', r.pValue, noDiscordant ? 1 : e.p_value],
      ['statistic', r.statistic, noDiscordant ? 0 : e.statistic],
      ['df', r.df, 1, exact],
      ['n10', r.n10, a.b, exact],
      ['n01', r.n01, a.c, exact],
      ['method', r.method, 'asymptotic'],
    ];
  },
  mcnemar_exact: (a, e) => {
    const r = S.mcnemarTest({ n10: a.b, n01: a.c });
    return [
      ['pValue', r.pValue, e.p_value],
      ['method', r.method, 'exact'],
    ];
  },
  mcnemar_midp: (a, e) => {
    const r = S.mcnemarTest({ n10: a.b, n01: a.c }, { method: 'mid-p' });
    return [
      ['pValue', r.pValue, e.p_value],
      ['method', r.method, 'mid-p'],
    ];
  },
  mcnemar_exact_or_ci: (a, e) =>
    intervalChecks(S.pairedOddsRatio({ n10: a.c, n01: a.b }, { confidence: a.conf_level }), e, a.conf_level, 'exact'),
  mcnemar_midp_or_ci: (a, e) =>
    intervalChecks(
      S.pairedOddsRatio({ n10: a.c, n01: a.b }, { method: 'mid-p', confidence: a.conf_level }),
      e,
      a.conf_level,
      'mid-p',
    ),
  // 3. paired_diff_ci
  ...Object.fromEntries(
    Object.entries(differenceMethods).map(([fn, method]) => [
      fn,
      (a: Args, e: Expect) =>
        intervalChecks(
          S.pairedDifference({ n11: a.a, n10: a.c, n01: a.b, n00: a.d }, { method, confidence: a.conf_level }),
          e,
          a.conf_level,
          method,
        ),
    ]),
  ),
  // 4. pass_at_k (the failing samples' pass^k is the oracle's fail_prob)
  pass_at_k: (a, e) => [
    ['value', S.passAtK(a.n, a.c, a.k), e.value],
    ['passHatK(n, n - c, k)', S.passHatK(a.n, a.n - a.c, a.k), e.fail_prob],
  ],
  pass_at_k_mean: (a, e) => [['value', S.meanPassAtK(a.problems, a.k), e.value]],
  // 5. mcnemar_power
  mcnemar_power_connor: (a, e) => [
    ['power', S.mcnemarPower({ n: a.n, p10: a.p10, p01: a.p01, alpha: a.alpha, method: 'connor' }), e.power_two_tails],
  ],
  mcnemar_power_exact: (a, e) => [
    ['power', S.mcnemarPower({ n: a.n, p10: a.p10, p01: a.p01, alpha: a.alpha, method: 'exact' }), e.power],
  ],
  mcnemar_ss_connor: (a, e) => {
    const r = S.mcnemarSampleSize({ p10: a.p10, p01: a.p01, alpha: a.alpha, power: a.power, method: 'connor' });
    return [
      ['n', r.n, e.n, exact],
      ['nUnrounded', r.nUnrounded, e.n_unrounded],
    ];
  },
  mcnemar_ss_exact: (a, e) => {
    const r = S.mcnemarSampleSize({ p10: a.p10, p01: a.p01, alpha: a.alpha, power: a.power, method: 'exact' });
    return [['n', r.n, e.n, exact]];
  },
  mcnemar_power_miettinen: () => 'skip',
  mcnemar_ss_miettinen: () => 'skip',
  // 6. two_proportions
  prop_test_2sample: (a, e) => {
    const r = S.twoProportionTest(
      { x1: a.x2, n1: a.n2, x2: a.x1, n2: a.n1 },
      { continuityCorrection: a.correct, confidence: a.conf_level },
    );
    const noInformation = e.p_value === 'NaN';
    return [
      ['statistic', r.statistic, noInformation ? 0 : e.statistic],
      ['df', r.df, 1, exact],
      ['pValue', r.pValue, noInformation ? 1 : e.p_value],
      ['difference.estimate', r.difference.estimate, e.estimate1 - e.estimate2],
      ['difference.lower', r.difference.lower, e.lower],
      ['difference.upper', r.difference.upper, e.upper],
      ['difference.confidence', r.difference.confidence, a.conf_level, exact],
    ];
  },
  fisher_exact: (a, e) => {
    const r = S.fisherExact({ x1: a.x2, n1: a.n2, x2: a.x1, n2: a.n1 }, { confidence: a.conf_level });
    return [
      ['pValue', r.pValue, e.p_value],
      ['oddsRatio.estimate', r.oddsRatio.estimate, e.or_cond_mle, 'uniroot'],
      ['oddsRatio.lower', r.oddsRatio.lower, e.or_lower, 'uniroot'],
      ['oddsRatio.upper', r.oddsRatio.upper, e.or_upper, 'uniroot'],
      ['oddsRatio.confidence', r.oddsRatio.confidence, a.conf_level, exact],
    ];
  },
  newcombe_diff_unpaired: (a, e) =>
    intervalChecks(
      S.twoProportionDifference({ x1: a.x2, n1: a.n2, x2: a.x1, n2: a.n1 }, { confidence: a.conf_level }),
      e,
      a.conf_level,
      'newcombe',
    ),
  power_prop_test: (a, e) =>
    a.strict
      ? 'skip'
      : [
          [
            'power',
            S.twoProportionPower({ n: a.n, p1: a.p1, p2: a.p2, alpha: a.sig_level, method: 'pooled' }),
            e.power,
          ],
        ],
  power_prop_test_n: (a, e) => {
    if (a.strict) return 'skip';
    const r = S.twoProportionSampleSize({ p1: a.p1, p2: a.p2, alpha: a.sig_level, power: a.power, method: 'pooled' });
    return [
      ['n', r.n, e.n, exact],
      ['nUnrounded', r.nUnrounded, e.n_unrounded],
    ];
  },
  pwr_2p_test: (a, e) => [
    [
      'power',
      S.twoProportionPower({ n: a.n, ...proportionsWithH(a.h), alpha: a.sig_level, method: 'arcsine' }),
      e.power,
    ],
  ],
  pwr_2p_test_n: (a, e) => {
    const r = S.twoProportionSampleSize({
      ...proportionsWithH(a.h),
      alpha: a.sig_level,
      power: a.power,
      method: 'arcsine',
    });
    return [
      ['n', r.n, e.n, exact],
      ['nUnrounded', r.nUnrounded, e.n_unrounded],
    ];
  },
  cohen_h: () => 'skip',
  // 7. paired_continuous (oracle d = x - y; verdict's candidate is x, baseline y)
  paired_t_test: (a, e) => {
    const r = S.pairedTTest(a.y, a.x, { confidence: a.conf_level });
    return [
      ['statistic', r.statistic, e.statistic],
      ['df', r.df, e.df],
      ['pValue', r.pValue, e.p_value],
      ['estimate', r.estimate, e.estimate],
      ['lower', r.lower, e.lower],
      ['upper', r.upper, e.upper],
    ];
  },
  wilcoxon_signed_rank: (a, e) => {
    const r = S.wilcoxonSignedRank(a.y, a.x, { exact: a.exact, continuityCorrection: a.correct });
    return [
      ['statistic', r.statistic, e.statistic],
      ['pValue', r.pValue, e.p_value],
    ];
  },
  sign_test: (a, e) => {
    const r = S.signTest(a.y, a.x);
    return [
      ['pValue', r.pValue, e.p_value],
      ['positive', r.positive, e.n_pos, exact],
      ['negative', r.negative, e.n_neg, exact],
    ];
  },
  // 8. p_adjust
  p_adjust: (a, e) => {
    const r = S.adjustPValues(a.p, adjustMethods[a.method]!);
    return (e.adjusted as unknown[]).map((want, i): Check => [`adjusted[${i}]`, r[i], want]);
  },
  // 9. standard_errors
  mean_se_clt: (a, e) => {
    const r = S.meanStandardError(a.scores);
    return [
      ['mean', r.mean, e.mean],
      ['se', r.se, e.se_clt],
    ];
  },
  clustered_se: (a, e) => {
    const r = S.clusteredStandardError(a.scores, a.cluster_ids);
    return [
      ['mean', r.mean, e.mean],
      ['se', r.se, e.se_clustered],
    ];
  },
  paired_diff_se: (a, e) => {
    const r = S.pairedStandardError(a.scores_b, a.scores_a);
    return [
      ['meanDifference', r.meanDifference, e.mean_diff],
      ['se', r.se, e.se_diff],
    ];
  },
  // 10. distributions (R's argument order)
  qnorm: (a, e) => [['value', S.normal.quantile(a.p), e.value]],
  pnorm: (a, e) => [['value', a.lower_tail ? S.normal.cdf(a.q) : S.normal.sf(a.q), e.value]],
  qt: (a, e) => [['value', S.studentT.quantile(a.p, a.df), e.value]],
  pt: (a, e) => [['value', a.lower_tail ? S.studentT.cdf(a.q, a.df) : S.studentT.sf(a.q, a.df), e.value]],
  pchisq: (a, e) => [['value', a.lower_tail ? S.chiSquared.cdf(a.q, a.df) : S.chiSquared.sf(a.q, a.df), e.value]],
  qchisq: (a, e) => [['value', S.chiSquared.quantile(a.p, a.df), e.value]],
  pbinom: (a, e) => [
    ['value', a.lower_tail ? S.binomial.cdf(a.q, a.size, a.prob) : S.binomial.sf(a.q, a.size, a.prob), e.value],
  ],
  dbinom: (a, e) => [['value', S.binomial.pmf(a.x, a.size, a.prob), e.value]],
  qbeta: (a, e) => [['value', S.beta.quantile(a.p, a.shape1, a.shape2), e.value]],
  pbeta: (a, e) => [['value', S.beta.cdf(a.q, a.shape1, a.shape2), e.value]],
};

const families = [
  'binomial_ci',
  'mcnemar',
  'paired_diff_ci',
  'pass_at_k',
  'mcnemar_power',
  'two_proportions',
  'paired_continuous',
  'p_adjust',
  'standard_errors',
  'distributions',
];

describe('conformance with R and exact arithmetic (test/fixtures/oracle)', () => {
  it.each(families)('%s: every case within its tolerance', (family) => {
    const cases = loadOracleFamily(family);
    const { failures, checked } = runFamily(cases, (c) => {
      const adapter = adapters[c.fn];
      if (!adapter) throw new Error(`no adapter for ${c.fn}`);
      return adapter(c.args, c.expect, c);
    });
    expect(checked).toBeGreaterThan(0);
    expect(failures, `${failures.length} of ${checked} cases failed:\n${failures.join('\n')}`).toEqual([]);
  });
});
