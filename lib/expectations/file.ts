import { validateZoneId } from '../client/validate-input';
import { InvalidInputError } from '../errors';
import { normalizeExpectations, type Expectation } from './compare';
import { parseJsonOr } from '../files/json-text';
import { isRecord, own } from '../model/record';

/** The content of an expectations file. */
export interface ExpectationsFile {
  readonly zoneId?: string;
  /** Normalized and sorted. */
  readonly expect: Expectation[];
  /** As written, in file order, so that messages can cite an entry's index. */
  readonly entries: Expectation[];
}

const EXAMPLE = 'Write [{ "originIp": "192.0.2.1", "vendor": "aws", "region": "us-east-1" }].';

/**
 * Parses an expectations file, `[{ "originIp", "vendor", "region" }, ...]` or `{ "zoneId"?, "expect": [...] }`:
 * JSON only, to keep the package free of a YAML parser.
 * @throws {@link InvalidInputError} naming the file (`label`), and saying when it looks like YAML
 */
export function parseExpectationsFile(text: string, label: string): ExpectationsFile {
  const data = parseJsonOr(text, (problem) => {
    const yamlHint = looksLikeYaml(text)
      ? ' It looks like YAML, which is not accepted: convert it to JSON (for example with yq -o json).'
      : '';
    throw new InvalidInputError(label, `${label} is ${problem}.${yamlHint} ${EXAMPLE}`);
  });
  if (Array.isArray(data)) {
    return { expect: normalizeExpectations(data as Expectation[], label), entries: data as Expectation[] };
  }
  const expect = isRecord(data) ? own(data, 'expect') : undefined;
  if (isRecord(data) && Array.isArray(expect)) {
    const zoneId = own(data, 'zoneId');
    if (zoneId !== undefined) validateZoneId(zoneId, `zoneId in ${label}`);
    const normalized = normalizeExpectations(expect as Expectation[], `${label}: expect`);
    return zoneId === undefined
      ? { expect: normalized, entries: expect as Expectation[] }
      : { zoneId: zoneId as string, expect: normalized, entries: expect as Expectation[] };
  }
  throw new InvalidInputError(
    label,
    `${label} must hold a JSON list of { "originIp", "vendor", "region" } or an object { "zoneId"?, "expect": [...] }. Rewrite it in one of those shapes.`,
  );
}

/** A first meaningful line such as `- originIp: …`, `zoneId: …`, `---` or `# comment`. */
function looksLikeYaml(text: string): boolean {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '');
  if (first === undefined) return false;
  return /^\s*(?:-{3}\s*$|-\s|#|[A-Za-z_][\w-]*\s*:(?:\s|$))/.test(first);
}
