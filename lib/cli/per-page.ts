import { Option } from 'commander';
import { InvalidInputError } from '../errors/base';
import { ENV } from '../settings/names';
import { forTerminal } from '../sinks/terminal';

/** The `--per-page` flag of every command that lists a zone (`list`, `verify`, `check`, `refresh`). */
export function perPageOption(): Option {
  return new Option(
    '--per-page <n>',
    `mappings per request asked for, 1..100 (default: ${ENV.perPage}, else 100); a server that serves fewer is read as it serves`,
  );
}

/** The client option of `--per-page`, none without it. @throws {@link InvalidInputError} naming the flag */
export function perPageFrom(value: string | undefined): { perPage?: number } {
  if (value === undefined) return {};
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100) {
    throw new InvalidInputError(
      '--per-page',
      `--per-page must be a whole number from 1 to 100, got ${forTerminal(JSON.stringify(value))}. Leave it out to use ${ENV.perPage}, else 100.`,
    );
  }
  return { perPage: Number(value) };
}
