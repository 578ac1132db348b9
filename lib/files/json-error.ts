import { describeJsonSyntaxProblem, locateJsonSyntaxError } from './json-text';

/**
 * Parses the JSON text of a file the user gave, or calls `fail` with where and why it is not JSON
 * (`not valid JSON at line L column C (…)`, see {@link describeJsonSyntaxProblem}).
 */
export function parseJsonOr(text: string, fail: (problem: string) => never): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's message quotes the text: it is neither shown nor kept as the cause.
    const located = locateJsonSyntaxError(text);
    return fail(located === undefined ? 'not valid JSON' : describeJsonSyntaxProblem(located));
  }
}
