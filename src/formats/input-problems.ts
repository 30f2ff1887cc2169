import { InputError, type InputLocation } from '../schema/input-error';

/** How many problems an error lists before it says "and N more". */
export const MAX_LISTED_PROBLEMS = 20;

interface Problem {
  readonly problem: string;
  readonly location: InputLocation;
}

/** Problems as plain data, to send between threads (`InputProblems.listed`, `absorbListed`). */
export interface ListedProblems {
  readonly listed: readonly Problem[];
  readonly count: number;
}

/**
 * Problems found while reading a user's files, collected so that one run reports the first 20 of
 * them (not just the first) and counts the rest, as linters and compilers do.
 */
export class InputProblems {
  #listed: Problem[] = [];
  #count = 0;

  /** Record a problem at `location` (`file:line: \`field\`: problem`). */
  add(problem: string, location: InputLocation): void {
    this.#count++;
    if (this.#listed.length < MAX_LISTED_PROBLEMS) this.#listed.push({ problem, location });
  }

  /** Add every problem of `other` after these (its unlisted ones counted). */
  absorb(other: InputProblems): void {
    this.absorbListed(other.listed);
  }

  /** These problems as plain data (a worker thread's, sent to the thread that reports them). */
  get listed(): ListedProblems {
    return { listed: [...this.#listed], count: this.#count };
  }

  /** Add problems sent as plain data after these, as {@link absorb} does. */
  absorbListed({ listed, count }: ListedProblems): void {
    for (const { problem, location } of listed) this.add(problem, location);
    this.#count += count - listed.length;
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Throw one InputError when any problem was found: its message is the first problem, its details
   * the next ones and, past 20, "and N more problems".
   */
  throwIfAny(): void {
    const [first, ...rest] = this.#listed;
    if (first === undefined) return;
    const details = rest.map(({ problem, location }) => new InputError(problem, location).message);
    const unlisted = this.#count - this.#listed.length;
    if (unlisted > 0) details.push(`and ${unlisted} more problem${unlisted === 1 ? '' : 's'}`);
    throw new InputError(first.problem, first.location, details);
  }
}
