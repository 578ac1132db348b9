import { spawn } from 'node:child_process';

/** One line of a shell recipe, after it ran. */
export interface RecipeStep {
  /** Position among the recipe's non-blank lines, from 0. */
  readonly index: number;
  /** The line as it ran. */
  readonly line: string;
  /** A comment-only line: nothing ran (a place where the test may act, such as changing the zone). */
  readonly comment: boolean;
  /** The line's exit status (`$?` after it). */
  readonly exit: number;
  /** What the recipe promises: `N` from a trailing `# exits N` comment, else 0. */
  readonly expectedExit: number;
  /** Everything the line printed, stdout and stderr interleaved as on a terminal. */
  readonly output: string;
  /** Milliseconds the line took. */
  readonly ms: number;
}

/** How a recipe ran. */
export interface RecipeRun {
  /** The lines that ran, in order; it stops after the first line whose exit status is not the expected one. */
  readonly steps: readonly RecipeStep[];
  /** Milliseconds from start to end. */
  readonly ms: number;
}

/** Options of {@link runRecipe}. */
export interface RecipeOptions {
  /** Working directory the recipe starts in. */
  readonly cwd: string;
  /** The whole environment of the shell (nothing else is inherited). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Called after each line while the shell waits, so the test can inspect files or change the world between
   * two lines. A throw stops the recipe and rejects the run.
   */
  readonly onStep?: (step: RecipeStep) => void | Promise<void>;
  /** Kills the shell and its children after this long. @default 240000 */
  readonly timeoutMs?: number;
}

/** The exit status a recipe line promises: `N` from a trailing `# exits N` comment, else 0. */
export function expectedExit(line: string): number {
  const m = /#.*\bexits (\d+)\b/.exec(line);
  return m ? Number(m[1]) : 0;
}

const MARK = '@@recipe-step';

/**
 * Runs a shell recipe (say, a README's ```sh block) line by line in ONE `bash`, as a user pasting it would:
 * `cd` and `export` carry over from line to line, and the lines run exactly as given. After each line the
 * shell reports the line's exit status and waits for `onStep`; comment-only lines are steps too. Every
 * command reads stdin from /dev/null. Lines ending in `\` are refused (each line must be one command).
 */
export function runRecipe(recipe: string, options: RecipeOptions): Promise<RecipeRun> {
  const lines = recipe.split('\n').filter((l) => l.trim() !== '');
  const bad = lines.find((l) => l.trimEnd().endsWith('\\'));
  if (bad !== undefined) return Promise.reject(new Error(`recipe line continues on the next line: ${bad}`));
  const script = [
    // fd 5 is the test's go-ahead channel; every command gets /dev/null as stdin and one merged output.
    'exec 5<&0 </dev/null 2>&1',
    `__recipe_step() { printf '\\n${MARK} %s %s\\n' "$1" "$2"; read -r __recipe_go <&5 || exit 98; [ "$__recipe_go" = go ] || exit 99; }`,
    ...lines.flatMap((line, i) =>
      line.trimStart().startsWith('#') ? [`__recipe_step ${i} 0`] : [line, `__recipe_step ${i} $?`],
    ),
  ].join('\n');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', script], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const steps: RecipeStep[] = [];
    let buffer = '';
    let stepStarted = started;
    let failure: Error | undefined;
    let busy = Promise.resolve();
    const killAll = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      failure = new Error(`recipe timed out after ${options.timeoutMs ?? 240_000} ms at line ${steps.length}`);
      killAll();
    }, options.timeoutMs ?? 240_000);
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      for (;;) {
        const m = new RegExp(`\\n${MARK} (\\d+) (\\d+)\\n`).exec(buffer);
        if (!m) return;
        const index = Number(m[1]);
        const step: RecipeStep = {
          index,
          line: lines[index],
          comment: lines[index].trimStart().startsWith('#'),
          exit: Number(m[2]),
          expectedExit: expectedExit(lines[index]),
          output: buffer.slice(0, m.index),
          ms: Date.now() - stepStarted,
        };
        buffer = buffer.slice(m.index + m[0].length);
        steps.push(step);
        busy = busy.then(async () => {
          let go = step.exit === step.expectedExit && failure === undefined;
          if (go && options.onStep) {
            try {
              await options.onStep(step);
            } catch (error) {
              failure = error instanceof Error ? error : new Error('onStep failed', { cause: error });
              go = false;
            }
          }
          stepStarted = Date.now();
          child.stdin.write(go ? 'go\n' : 'stop\n');
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.stdin.on('error', () => {
      // The shell may be gone (it stopped after a failed line); its exit status tells the rest.
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      void busy.then(() => {
        if (failure !== undefined) reject(failure);
        else resolve({ steps, ms: Date.now() - started });
      });
    });
  });
}
