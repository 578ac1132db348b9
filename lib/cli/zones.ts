import { Option } from 'commander';
import { validateZoneId } from '../client/validate-input';
import { InvalidInputError } from '../errors';
import { readRegularTextFile } from '../files/read-regular-file';
import { forTerminal } from '../sinks/terminal';

/** The zones a command is given: `--zone`, every one, and `--zones-file`. */
export interface ZoneFlags {
  readonly zone: readonly string[];
  readonly zonesFile?: string;
}

/** `--zone <id>`, repeatable. */
export function zoneOption(help: string): Option {
  return new Option('--zone <id>', help)
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}

/** `--zones-file <file>`. */
export function zonesFileOption(): Option {
  return new Option('--zones-file <file>', 'a file of zone ids, one per line (# starts a comment)');
}

/** The zone ids of `--zone` and `--zones-file`, checked. */
export function namedZones(flags: ZoneFlags): string[] {
  const ids = flags.zone.map((z) => validateZoneId(z, '--zone'));
  if (flags.zonesFile !== undefined) ids.push(...readZonesFile(flags.zonesFile));
  return ids;
}

/** The zone ids of a zones file: one per line; `#` starts a comment; blank lines are skipped. */
export function parseZonesFile(text: string, file: string): string[] {
  const ids: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line !== '') ids.push(validateZoneId(line, `${file} line ${i + 1}`));
  });
  return ids;
}

function readZonesFile(file: string): string[] {
  const text = readRegularTextFile(file, { what: 'zones file', maxBytes: 1024 * 1024 });
  const ids = parseZonesFile(text, file);
  if (ids.length === 0) {
    throw new InvalidInputError('--zones-file', `${forTerminal(file)} names no zone. Put one zone id per line.`);
  }
  return ids;
}
