/**
 * Files from outside: a reader that opens only regular files and only up to a size limit (and, in a folder being
 * scanned, follows no link out of it), and a JSON parser whose errors give a line and column instead of quoting
 * the file. Every reader of user files goes through here.
 * @packageDocumentation
 */
export { DEFAULT_MAX_INPUT_BYTES, readRegularFile, readRegularTextFile, realPathInside } from './read-regular-file';
export { describeJsonSyntaxProblem, locateJsonSyntaxError, parseJsonText } from './json-text';
