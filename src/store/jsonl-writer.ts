import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemTimers, type Timers } from '../time/timers';
import { fsyncDirectory } from './fsync-directory';
import { onDisk, RunStoreError } from './run-store-error';

/** How often appended lines are fsynced at the latest. */
export const DEFAULT_FSYNC_INTERVAL_MS = 1000;

/** Buffered lines are written once they reach this many characters, even within one event-loop turn. */
export const FLUSH_THRESHOLD_CHARS = 64 * 1024;

/**
 * The real `setImmediate`, taken at load: the end-of-turn flush is not a wait in time, so fake timers
 * (which a test installs after this module loaded) must neither hold it back nor count it.
 */
const atEndOfTurn = globalThis.setImmediate;

export interface JsonlWriterOptions {
  /** Longest time an appended line stays without fsync. @default 1000 */
  readonly fsyncIntervalMs?: number;
  /** @default systemTimers */
  readonly timers?: Timers;
}

/**
 * Appends JSON values to a JSONL file opened with `O_APPEND`, one complete line per value.
 *
 * Batching: `append` only serialises the value into a buffer; the buffer is written with a single
 * `write` call at the end of the current event-loop turn (setImmediate), as soon as it holds 64 kB,
 * or on `flush`/`sync`/`close`. One write per turn instead of one per line is most of the runner's
 * store cost saved (BENCHMARKS.md). Lines are fsynced at most `fsyncIntervalMs` after they were
 * written and on close, so an OS crash loses at most about a second.
 *
 * What a crash can lose: a process killed at any moment leaves whole lines, or at worst one torn last
 * line that the reader skips and cuts off, plus the lines still in the buffer, that is, those appended
 * in the current event-loop turn (under 64 kB). Those cells are not in the file, so a resumed run runs
 * them again: nothing is lost that resume does not redo. A failed or short write (ENOSPC) keeps the
 * lines it wrote whole, cuts the file back to the last of them, drops the rest of the batch (again:
 * resume re-runs them) and throws; when that happens at the end of a turn, with no caller to tell,
 * the next `append`, `flush` or `close` throws the error.
 *
 * Writes are synchronous: no write can interleave with another, and `flush` returns with the lines
 * handed to the OS.
 */
export class JsonlWriter {
  readonly file: string;
  #fd = -1;
  #size: number;
  #dirty = false;
  #timer: unknown;
  /** Serialised lines not written yet, and their total length in UTF-16 units. */
  #pending: string[] = [];
  #pendingChars = 0;
  #flushScheduled = false;
  /** A deferred flush's error, for the next caller. */
  #error: unknown;
  readonly #fsyncIntervalMs: number;
  readonly #timers: Timers;

  constructor(
    file: string,
    { fsyncIntervalMs = DEFAULT_FSYNC_INTERVAL_MS, timers = systemTimers }: JsonlWriterOptions = {},
  ) {
    this.file = file;
    this.#fsyncIntervalMs = fsyncIntervalMs;
    this.#timers = timers;
    // Never through a symbolic link (O_NOFOLLOW: ELOOP); a file this creates gets its directory
    // entry fsynced, or a power cut could lose the whole file however often its lines were fsynced.
    const flags = constants.O_WRONLY | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0);
    const created = onDisk('open', file, () => {
      try {
        this.#fd = openSync(file, flags | constants.O_CREAT | constants.O_EXCL, 0o644);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
        this.#fd = openSync(file, flags);
        return false;
      }
    });
    if (created) fsyncDirectory(dirname(file));
    this.#size = fstatSync(this.#fd).size;
  }

  /**
   * Append one value as one line, written by the end of this event-loop turn.
   * @throws {RunStoreError} when an earlier deferred write failed (that error, once).
   */
  append(value: unknown): void {
    if (this.#fd < 0) throw new Error(`JsonlWriter: ${this.file} is closed`);
    this.#throwDeferred();
    const line = `${JSON.stringify(value)}\n`;
    this.#pending.push(line);
    this.#pendingChars += line.length;
    if (this.#pendingChars >= FLUSH_THRESHOLD_CHARS) this.flush();
    else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      atEndOfTurn(() => this.#deferredFlush());
    }
  }

  /**
   * Write the buffered lines now, with one `write` call.
   * @throws {RunStoreError} on a disk error, with the file holding whole lines only.
   */
  flush(): void {
    this.#throwDeferred();
    if (this.#pending.length === 0 || this.#fd < 0) return;
    const lines = this.#pending;
    this.#pending = [];
    this.#pendingChars = 0;
    const bytes = Buffer.from(lines.length === 1 ? lines[0]! : lines.join(''), 'utf8');
    let written = 0;
    try {
      written = writeSync(this.#fd, bytes, 0, bytes.length);
      if (written !== bytes.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    } catch (error) {
      this.#keepWholeLines(bytes, written);
      throw new RunStoreError('append to', this.file, error);
    }
    this.#size += bytes.length;
    this.#written();
  }

  /** Write what is buffered and fsync what was written. */
  sync(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.flush();
    if (!this.#dirty || this.#fd < 0) return;
    onDisk('sync', this.file, () => fsyncSync(this.#fd));
    this.#dirty = false;
  }

  /** Write, fsync and close; closing twice is harmless. */
  close(): void {
    if (this.#fd < 0) return;
    try {
      this.sync();
    } finally {
      closeSync(this.#fd);
      this.#fd = -1;
    }
  }

  #written(): void {
    this.#dirty = true;
    if (this.#timer === undefined) {
      this.#timer = this.#timers.setTimeout(() => this.#scheduledSync(), this.#fsyncIntervalMs);
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  #deferredFlush(): void {
    this.#flushScheduled = false;
    try {
      this.flush();
    } catch (error) {
      this.#error ??= error;
    }
  }

  #throwDeferred(): void {
    if (this.#error === undefined) return;
    const error = this.#error;
    this.#error = undefined;
    throw error;
  }

  #scheduledSync(): void {
    this.#timer = undefined;
    try {
      this.sync();
    } catch (error) {
      // A timer has no one to tell: the next append, flush or close reports the disk error.
      this.#error ??= error;
      this.#dirty = true;
    }
  }

  /** After a write of `bytes` stopped at `written`: keep the whole lines that made it, cut the rest. */
  #keepWholeLines(bytes: Buffer, written: number): void {
    const lastNewline = written > 0 ? bytes.lastIndexOf(0x0a, written - 1) : -1;
    const kept = lastNewline + 1;
    try {
      ftruncateSync(this.#fd, this.#size + kept);
      this.#size += kept;
      if (kept > 0) this.#dirty = true;
    } catch {
      // Nothing more can be done; the reader skips a torn last line anyway.
    }
  }
}
