import { InvalidInputError } from '../errors';
import { normalizeExpectations, type Expectation } from './expectations';

/** The content of an expectations file. */
export interface ExpectationsFile {
  /** The zone the file is about, when it says. */
  readonly zoneId?: string;
  /** The expectations, normalized and sorted. */
  readonly expect: Expectation[];
  /** The entries as written in the file, in file order (shape already checked), so messages can cite their index. */
  readonly entries: Expectation[];
}

/**
 * Parses an expectations file: JSON, either `[{ "originIp", "vendor", "region" }, ...]` or
 * `{ "zoneId"?: "...", "expect": [...] }`. Pure. YAML is not accepted, to keep the package free
 * of a YAML parser dependency; convert it with any YAML tool first.
 *
 * @param label - the file name used in error messages
 * @throws {@link InvalidInputError} (field `label`) when the text is not such JSON
 */
export function parseExpectationsFile(text: string, label: string): ExpectationsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const yamlHint = /^\s*(-|[A-Za-z_]+\s*:)/.test(text)
      ? ' It looks like YAML, which is not accepted; convert it to JSON.'
      : '';
    throw new InvalidInputError(
      label,
      `${label} is not valid JSON (${(error as Error).message}).${yamlHint} Write [{ "originIp": "192.0.2.1", "vendor": "aws", "region": "us-east-1" }].`,
      { cause: error },
    );
  }
  if (Array.isArray(data))
    return { expect: normalizeExpectations(data as Expectation[], label), entries: data as Expectation[] };
  if (typeof data === 'object' && data !== null && Array.isArray((data as { expect?: unknown }).expect)) {
    const { zoneId, expect } = data as { zoneId?: unknown; expect: Expectation[] };
    if (zoneId !== undefined && (typeof zoneId !== 'string' || zoneId === '')) {
      throw new InvalidInputError(
        `${label}: zoneId`,
        `${label}: "zoneId" must be the zone id string. Fix it or remove it.`,
      );
    }
    const normalized = normalizeExpectations(expect, `${label}: expect`);
    return zoneId === undefined
      ? { expect: normalized, entries: expect }
      : { zoneId: zoneId, expect: normalized, entries: expect };
  }
  throw new InvalidInputError(
    label,
    `${label} must hold a JSON list of { "originIp", "vendor", "region" } or an object { "zoneId"?, "expect": [...] }. Rewrite it in one of those shapes.`,
  );
}
