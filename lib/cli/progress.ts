import type { CliIo } from './io';

/**
 * Shows `message` on stderr if the work still runs after `delayMs`, on a terminal only (logs and pipes get no progress
 * noise); the function returned stops the timer and erases the line. No color, so `NO_COLOR` needs no check.
 */
export function startProgress(io: Pick<CliIo, 'stderr'>, message: string, delayMs = 1000): () => void {
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

/** Runs `work` with a progress line ({@link startProgress}), erased when it settles. */
export async function withProgress<T>(
  io: Pick<CliIo, 'stderr'>,
  message: string,
  work: () => Promise<T>,
  delayMs?: number,
): Promise<T> {
  const stop = startProgress(io, message, delayMs);
  try {
    return await work();
  } finally {
    stop();
  }
}
