const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/**
 * A disk failure of the run store (no space, no permission, a read-only file system), with one
 * message naming the file and the reason, e.g. ``cannot append to runs/a/results.jsonl: no space left
 * on device (ENOSPC)``. The store never leaves a partial line behind such a failure.
 */
export class RunStoreError extends Error {
  override readonly name = 'RunStoreError';
  readonly file: string;
  readonly code: string | undefined;

  constructor(action: string, file: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const codeText = typeof code === 'string' ? code : undefined;
    const reason =
      codeText === undefined
        ? cause instanceof Error
          ? cause.message
          : String(cause)
        : `${REASONS[codeText] ?? (cause as Error).message} (${codeText})`;
    super(`cannot ${action} ${file}: ${reason}`, { cause });
    this.file = file;
    this.code = codeText;
  }
}

/** Run `operation`, turning a thrown system error into a RunStoreError naming `file`. */
export function onDisk<T>(action: string, file: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof RunStoreError) throw error;
    throw new RunStoreError(action, file, error);
  }
}
