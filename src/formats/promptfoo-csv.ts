import { createReadStream } from 'node:fs';
import { InputError } from '../schema/input-error';
import type { FormatReader, FormatRow } from './format-reader';
import { finishFile, type PendingResult, testHash } from './promptfoo-results';

/** A line break inside a quoted cell, as a CSV file may write one. */
const LINE_BREAK = /\r\n|\n|\r/g;

/** An output column's header: `[provider] prompt label`. */
const OUTPUT_COLUMN = /^\[(.+?)\] ?(.*)$/;

/**
 * promptfoo's `-o out.csv`: wide, one row per test (and repeat), with `[Description]`, the vars, then per
 * provider and prompt the columns `[provider] label`, `Status` (PASS, FAIL or ERROR), `Score` (2 decimals),
 * `Named Scores`, `Grader Reason`, `Comment`. Streamed with csv-parse (outputs hold quoted line breaks, and
 * `Status` repeats, so no column-keyed reader fits). Items are named as in ./promptfoo-results.ts, from the
 * description or a hash of the vars (a CSV has no asserts). Lossy: prefer the JSON or JSONL output.
 */
export const promptfooCsv: FormatReader = {
  name: 'promptfoo-csv',
  describe: 'promptfoo `eval -o results.csv` (wide: one row per test, Status and Score per provider)',
  example: 'verdict summary examples/formats/promptfoo/riddles.csv',
  detect(probe) {
    if (probe.zipEntries !== null || probe.json !== null) return 'no';
    const header = probe.head.split('\n', 1)[0] ?? '';
    return /(^|,)"?\[[^\]]+\][^,]*"?,Status,Score(,|\r?$)/.test(header) ? 'yes' : 'no';
  },
  async *read(path, options, signal) {
    // Loaded when a file of this format is read, not at start-up (BENCHMARKS.md "CLI start-up").
    const { parse } = await import('csv-parse');
    const parser = createReadStream(path, { signal }).pipe(parse({ bom: true, relax_column_count: true }));
    let header: string[] | null = null;
    let groups: { provider: string; prompt: string; at: number }[] = [];
    let varColumns: number[] = [];
    let descriptionColumn = -1;
    const pending: PendingResult[] = [];
    const problems: FormatRow[] = [];
    // The line a record starts on, counted from the line breaks inside its cells: csv-parse's `info.lines` is the
    // line a record ends on, and counts a CRLF inside quotes as two lines (csv-parse 6.2.1, checked on
    // `h\r\n"a\r\nb"\r\n`), so neither names the start of an output quoted over several lines.
    let nextLine = 1;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        const line = nextLine;
        nextLine += 1 + record.reduce((breaks, cell) => breaks + (cell.match(LINE_BREAK)?.length ?? 0), 0);
        if (header === null) {
          header = record;
          groups = header.flatMap((name, at) => {
            const match = OUTPUT_COLUMN.exec(name);
            return match && header![at + 1] === 'Status' ? [{ provider: match[1]!, prompt: match[2]!, at }] : [];
          });
          if (groups.length === 0)
            throw new InputError('no `[provider] prompt` column followed by `Status`', { file: path, line });
          descriptionColumn = header[0] === 'Description' ? 0 : -1;
          varColumns = header
            .slice(0, groups[0]!.at)
            .map((_, i) => i)
            .filter((i) => i !== descriptionColumn);
          continue;
        }
        const vars = Object.fromEntries(varColumns.map((i) => [header![i]!, record[i] ?? '']));
        const description = descriptionColumn === 0 && record[0] ? record[0] : undefined;
        const hash = testHash(vars, undefined);
        for (const group of groups) {
          const status = record[group.at + 1];
          const place = { file: path, line, field: `${header[group.at]} Status` };
          if (status === undefined || status === '') continue; // no output for this test in that column
          const recordOut: Record<string, unknown> = {};
          if (status === 'ERROR') recordOut.status = 'error';
          else if (status === 'PASS' || status === 'FAIL') recordOut.pass = status === 'PASS';
          else {
            problems.push({ problem: `expected PASS, FAIL or ERROR, got ${JSON.stringify(status)}`, place });
            continue;
          }
          const score = Number(record[group.at + 2]);
          if (status !== 'ERROR' && record[group.at + 2] !== '' && Number.isFinite(score)) recordOut.score = score;
          const output = record[group.at];
          if (output) recordOut.output = output;
          pending.push({
            record: recordOut,
            place: { file: path, line },
            description,
            testHash: hash,
            provider: group.provider,
            promptLabel: group.prompt,
          });
        }
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`not valid CSV (${(error as Error).message})`, { file: path });
    }
    yield* problems;
    yield* finishFile(pending, {
      file: path,
      report: options.report,
      runId: null,
      empty: 'promptfoo CSV: no result rows',
      hashedFrom: 'vars',
    });
  },
};
