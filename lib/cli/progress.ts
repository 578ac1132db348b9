import type { CliIo } from './io';

/** How long a lookup runs before the progress line appears. */
export const PROGRESS_DELAY_MS = 1000;

/**
 * Shows `message` on stderr if the work is still running after `delayMs`, and only when stderr is
 * a terminal: a fast lookup prints nothing, and logs and pipes never receive progress noise.
 * Returns the function that stops the timer and, if the line was shown, erases it again, so the
 * next output (a table, or an error) starts on a clean line. Uses no color, so `NO_COLOR` needs no check.
 *
 * @param delayMs - how long to wait before showing the line; defaults to {@link PROGRESS_DELAY_MS}
 */
export function startProgress(io: Pick<CliIo, 'stderr'>, message: string, delayMs = PROGRESS_DELAY_MS): () => void {
  if (io.stderr.isTTY !== true) return () => undefined;
  let shown = false;
  const timer = setTimeout(() => {
    shown = true;
    io.stderr.write(message);
  }, delayMs);
  // The timer alone must never keep the process alive.
  timer.unref();
  return () => {
    clearTimeout(timer);
    // Carriage return, then erase to the end of the line (ANSI EL): the cursor is back where it was.
    if (shown) io.stderr.write('\r\x1b[K');
    shown = false;
  };
}

/**
 * Runs `work` with a progress line (see {@link startProgress}) that is erased when it settles,
 * whether it resolves or throws.
 *
 * @param delayMs - how long to wait before showing the line; defaults to {@link PROGRESS_DELAY_MS}
 */
export async function withProgress<T>(
  io: Pick<CliIo, 'stderr'>,
  message: string,
  work: () => Promise<T>,
  delayMs = PROGRESS_DELAY_MS,
): Promise<T> {
  const stop = startProgress(io, message, delayMs);
  try {
    return await work();
  } finally {
    stop();
  }
}
