import { validateZoneId } from '../client/validate-input';
import { InvalidInputError } from '../errors';
import { normalizeExpectations, type Expectation } from './compare';
import { parseJsonOr } from '../files/json-error';
import { isRecord, own } from '../model/record';

/** The content of an expectations file. */
export interface ExpectationsFile {
  /** The zone the file is about, when it says. */
  readonly zoneId?: string;
  /** The expectations, normalized and sorted. */
  readonly expect: Expectation[];
  /** The entries as written in the file, in file order (shape already checked), so messages can cite their index. */
  readonly entries: Expectation[];
}

const EXAMPLE = 'Write [{ "originIp": "192.0.2.1", "vendor": "aws", "region": "us-east-1" }].';

/**
 * Parses an expectations file: JSON, either `[{ "originIp", "vendor", "region" }, ...]` or
 * `{ "zoneId"?: "...", "expect": [...] }`. Pure. YAML is not accepted, to keep the package free
 * of a YAML parser dependency.
 *
 * @param label - the file name used in error messages
 * @throws {@link InvalidInputError} (field `label`) when the text is not such JSON, naming the line and column of
 *   a syntax error and saying when the file looks like YAML
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
