import { z } from 'zod';
import { describeZodIssues, formatPath, type IssueProblem } from '../../schema/input-error-from-zod';
import type { JudgeGradeFormat } from '../../schema/judge-template';
import { DEFAULT_PASS_THRESHOLD } from '../score-output';
import { excerpt } from '../targets/redact';

/** A judge's grade, as the record stores it: the judge's reasoning is the record's `reason`. */
export interface JudgeGrade {
  readonly [key: string]: unknown;
  readonly pass: boolean;
  readonly score: number;
  readonly reason: string;
}

/**
 * A judge answered, but not with a grade that can be read. Permanent, not retried: at the temperature a
 * judge runs at, asking again mostly gets the same answer, and retrying would hide a template that
 * does not ask for the format it is read with. The cell is an `error`, never a failure of the candidate.
 */
export class UnreadableGradeError extends Error {
  override readonly name: string = 'UnreadableGradeError';
}

/** `GRADE: C`, also `**GRADE:** C` and `Grade: c` as models write it; the last one in the answer counts. */
const LETTER_GRADE = /GRADE\s*\**\s*:\s*\**\s*([A-Z])\b/gi;

/** What the JSON format's object must hold: a `pass` or a `score` in [0, 1], and a reason if it gives one. */
const JsonGrade = z.looseObject({
  pass: z.boolean().optional(),
  score: z.number().min(0).max(1).optional(),
  reason: z.string().optional(),
});

/** How much of an unreadable answer its error shows. */
const SHOWN_CHARS = 300;

/**
 * Read a judge's answer. `letter`: the last `GRADE: X` decides (C pass, score 1; I fail, score 0; P, with
 * `partialCredit`, score 0.5 and not a pass); the reason is the whole answer, reasoning included. `json`:
 * the object in the answer (bare, in a ```json fence, or amid text) with `pass` and/or `score`; pass from
 * the score at 0.5 when only a score is given, score 1 or 0 from the pass when only a pass is.
 *
 * @throws {UnreadableGradeError} saying what came back, when no grade can be read.
 * @example readGrade('Paris is right.\nGRADE: C', 'letter', false) // { pass: true, score: 1, reason: 'Paris is right.\nGRADE: C' }
 */
export function readGrade(answer: string, format: JudgeGradeFormat, partialCredit: boolean): JudgeGrade {
  const text = answer.trim();
  return format === 'json' ? readJsonGrade(text) : readLetterGrade(text, partialCredit);
}

function readLetterGrade(text: string, partialCredit: boolean): JudgeGrade {
  const letter = [...text.matchAll(LETTER_GRADE)].at(-1)?.[1]?.toUpperCase();
  const allowed = partialCredit ? 'C, P or I' : 'C or I';
  if (letter === 'C') return { pass: true, score: 1, reason: text };
  if (letter === 'I') return { pass: false, score: 0, reason: text };
  if (letter === 'P' && partialCredit) return { pass: false, score: 0.5, reason: text };
  const got = letter === undefined ? 'no "GRADE: <letter>" line' : `GRADE: ${letter}`;
  throw new UnreadableGradeError(`judge answered ${got} (expected GRADE: ${allowed}): ${shown(text)}`);
}

function readJsonGrade(text: string): JudgeGrade {
  const value = jsonIn(text);
  if (value === undefined) throw new UnreadableGradeError(`judge answer holds no JSON object: ${shown(text)}`);
  const parsed = JsonGrade.safeParse(value);
  if (!parsed.success) {
    const [{ path, problem }] = describeZodIssues(parsed.error.issues, value) as [IssueProblem];
    throw new UnreadableGradeError(`judge answer's \`${formatPath(path)}\`: ${problem}: ${shown(text)}`);
  }
  const { pass, score, reason } = parsed.data;
  if (pass === undefined && score === undefined)
    throw new UnreadableGradeError(`judge answer's JSON has neither \`pass\` nor \`score\`: ${shown(text)}`);
  return {
    pass: pass ?? score! >= DEFAULT_PASS_THRESHOLD,
    score: score ?? (pass ? 1 : 0),
    reason: reason ?? text,
  };
}

/**
 * The JSON object in a model's answer: the whole answer, else a fenced block's content, else the text from
 * the first `{` to the last `}` (models wrap their JSON in prose despite being told not to).
 */
function jsonIn(text: string): unknown {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n\s*```/i.exec(text)?.[1];
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  const candidates = [text, fenced, first !== -1 && last > first ? text.slice(first, last + 1) : undefined];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

const shown = (text: string): string =>
  text === '' ? '(an empty answer)' : JSON.stringify(excerpt(text, SHOWN_CHARS));
