import { CLIENT_DEFAULTS, ENV, type ClientOptions } from './options';
import { integerFromEnv, validateInteger } from './validate-input';

/** How one whole-number client option is resolved: its environment variable, its range and the advice. */
interface IntegerRule {
  readonly env: string | undefined;
  readonly min: number;
  readonly max: number;
  readonly hint: string;
}

/** The whole-number client options with a default in {@link CLIENT_DEFAULTS} (the rate budget has its own). */
export type IntegerOption = keyof typeof CLIENT_DEFAULTS;

/**
 * The one rule of each whole-number client option. The client's config, the process-wide request cap and the
 * synchronous bridge's wait all resolve through {@link resolveIntegerOption}, so a value is never valid in one
 * place and refused (or defaulted differently) in another.
 */
const INTEGER_RULES: Readonly<Record<IntegerOption, IntegerRule>> = {
  perPage: {
    env: ENV.perPage,
    min: 1,
    max: 100,
    hint: 'Use 100 (the default); a server that serves fewer per page is read as it serves.',
  },
  pageConcurrency: {
    env: ENV.concurrency,
    min: 1,
    max: 64,
    hint: 'Use 64 (the default) or less; the rate budget paces requests whatever the cap.',
  },
  attemptTimeoutMs: { env: ENV.timeout, min: 1, max: 600_000, hint: 'Use at least 1000 on slow networks.' },
  deadlineMs: {
    env: ENV.deadline,
    min: 1,
    max: 3_600_000,
    hint: 'Give a whole listing time for its retries, for example 60000.',
  },
  maxRetries: { env: ENV.maxRetries, min: 0, max: 20, hint: 'Use 4 (the default); 0 disables retries.' },
  maxRetryAfterMs: { env: undefined, min: 0, max: 3_600_000, hint: 'Use 30000 (the default).' },
  retryBaseDelayMs: { env: undefined, min: 0, max: 600_000, hint: 'Use 250 (the default).' },
  retryMaxDelayMs: { env: undefined, min: 0, max: 600_000, hint: 'Use 8000 (the default).' },
  maxBodyBytes: { env: undefined, min: 1024, max: 1024 * 1024 * 1024, hint: 'Use 8388608 (8 MiB, the default).' },
};

/**
 * Resolves a whole-number client option: the option when given, else its environment variable, else its
 * default; then checks its range.
 *
 * @param name - the option
 * @param value - the caller's value (`options[name]`), `undefined` when not given
 * @param env - the environment to read
 * @throws {@link InvalidInputError} naming the option or the variable that holds a bad value
 */
export function resolveIntegerOption(
  name: IntegerOption,
  value: ClientOptions[IntegerOption] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): number {
  const rule = INTEGER_RULES[name];
  if (value !== undefined) return validateInteger(value, name, rule.min, rule.max, rule.hint);
  const fromEnv = rule.env === undefined ? undefined : integerFromEnv(env, rule.env);
  if (fromEnv !== undefined) return validateInteger(fromEnv, rule.env!, rule.min, rule.max, rule.hint);
  return CLIENT_DEFAULTS[name];
}
