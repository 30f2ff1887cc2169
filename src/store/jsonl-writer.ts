import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { systemTimers, type Timers } from '../runner/timers';
import { onDisk, RunStoreError } from './run-store-error';

/** How often appended lines are fsynced at the latest. */
export const DEFAULT_FSYNC_INTERVAL_MS = 1000;

export interface JsonlWriterOptions {
  /** Longest time an appended line stays without fsync. @default 1000 */
  readonly fsyncIntervalMs?: number;
  /** @default systemTimers */
  readonly timers?: Timers;
}

/**
 * Appends JSON values to a JSONL file, one complete line per value, each with a single `write` call on
 * a file opened with `O_APPEND`. A process killed at any moment leaves whole lines, or at worst one
 * torn last line that the reader skips and cuts off. Lines are fsynced at most `fsyncIntervalMs` after
 * they were written and on close, so an OS crash loses at most about a second. A failed or short
 * write (ENOSPC) is cut back to the last whole line before the error is thrown.
 *
 * Writes are synchronous: a line is on its way to disk before the next cell's result is handled, and
 * no write can interleave with another.
 */
export class JsonlWriter {
  readonly file: string;
  #fd: number;
  #size: number;
  #dirty = false;
  #timer: unknown;
  readonly #fsyncIntervalMs: number;
  readonly #timers: Timers;

  constructor(
    file: string,
    { fsyncIntervalMs = DEFAULT_FSYNC_INTERVAL_MS, timers = systemTimers }: JsonlWriterOptions = {},
  ) {
    this.file = file;
    this.#fsyncIntervalMs = fsyncIntervalMs;
    this.#timers = timers;
    const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;
    this.#fd = onDisk('open', file, () => openSync(file, flags, 0o644));
    this.#size = fstatSync(this.#fd).size;
  }

  /** Append one value as one line. @throws {RunStoreError} on a disk error, with the file unchanged. */
  append(value: unknown): void {
    if (this.#fd < 0) throw new Error(`JsonlWriter: ${this.file} is closed`);
    const line = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
    let written = 0;
    try {
      written = writeSync(this.#fd, line, 0, line.length);
      if (written !== line.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    } catch (error) {
      this.#cutBack();
      throw new RunStoreError('append to', this.file, error);
    }
    this.#size += line.length;
    this.#dirty = true;
    if (this.#timer === undefined) {
      this.#timer = this.#timers.setTimeout(() => this.#scheduledSync(), this.#fsyncIntervalMs);
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  /** fsync what was appended. */
  sync(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#dirty || this.#fd < 0) return;
    onDisk('sync', this.file, () => fsyncSync(this.#fd));
    this.#dirty = false;
  }

  /** fsync and close; closing twice is harmless. */
  close(): void {
    if (this.#fd < 0) return;
    try {
      this.sync();
    } finally {
      closeSync(this.#fd);
      this.#fd = -1;
    }
  }

  #scheduledSync(): void {
    this.#timer = undefined;
    try {
      this.sync();
    } catch {
      // The next append or close reports the disk error; a timer has no one to tell.
      this.#dirty = true;
    }
  }

  #cutBack(): void {
    try {
      ftruncateSync(this.#fd, this.#size);
    } catch {
      // Nothing more can be done; the reader skips a torn last line anyway.
    }
  }
}
