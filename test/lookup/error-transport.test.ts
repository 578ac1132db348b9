import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as errors from '../../lib/errors';
import { CloudflareApiError, InvalidInputError, OriginCloudRegionsError } from '../../lib/errors';
import { deserializeError, serializeError, TRANSPORTED_ERROR_CLASSES } from '../../lib/lookup/error-transport';

/** Every error class in lib/errors: each must cross the worker boundary as itself. */
type ErrorClass = new (...args: never[]) => Error;
const errorClasses: [string, ErrorClass][] = Object.entries(errors as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
);

/** What a message port does to a value: the worker posts the serialized error, the caller receives a clone. */
function roundTrip(error: unknown): Error {
  return deserializeError(structuredClone(serializeError(error)));
}

test('lib/errors exports every error family, and the worker registry holds each class under its own name', () => {
  assert.ok(errorClasses.length >= 30, `only ${errorClasses.length} error classes found`);
  for (const [exportName, cls] of errorClasses) {
    assert.equal(cls.name, exportName, 'the registry finds a class by its name');
    assert.equal(TRANSPORTED_ERROR_CLASSES.get(exportName), cls, `${exportName} is missing from the registry`);
  }
  const names = errorClasses.map(([name]) => name);
  assert.equal(new Set(names).size, names.length, 'two error classes share a name');
});

test('lib/errors/index.ts exports every error class of its family files', async () => {
  const dir = path.join(__dirname, '../../lib/errors');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    for (const [name, value] of Object.entries((await import(path.join(dir, file))) as Record<string, unknown>)) {
      if (typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Error) {
        assert.equal((errors as Record<string, unknown>)[name], value, `${file}: ${name} is not exported by the index`);
      }
    }
  }
});

test('every error class in lib/errors survives the worker round trip: class, code, field, other own fields, message', () => {
  for (const [name, cls] of errorClasses) {
    // Built without its constructor (signatures differ per class), with the kinds of fields real ones carry.
    const original = Object.create(cls.prototype as object) as Error & Record<string, unknown>;
    Object.assign(original, {
      name,
      code: `OCR_TEST_${name}`,
      field: 'zoneId',
      status: 403,
      zoneId: '0123456789abcdef0123456789abcdef',
      cloudflareErrors: [{ code: 10000, message: 'Authentication error' }],
      problems: [{ field: 'expect[0].region', message: 'unknown', suggestion: 'us-east-1' }],
      proxy: undefined,
    });
    Object.defineProperty(original, 'message', { value: `${name}: what went wrong. The fix.`, enumerable: false });
    const back = roundTrip(original) as Error & Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(back), cls.prototype, `${name} came back as ${back.constructor.name}`);
    assert.ok(back instanceof OriginCloudRegionsError, name);
    assert.equal(back.name, name);
    assert.equal(back.message, original.message, name);
    for (const key of ['code', 'field', 'status', 'zoneId', 'cloudflareErrors', 'problems']) {
      assert.deepEqual(back[key], original[key], `${name}.${key}`);
    }
    assert.ok(Object.hasOwn(back, 'proxy'), `${name}.proxy (undefined) is kept as an own field`);
  }
});

test('an error built by its constructor keeps its fields and its class across the round trip', () => {
  const input = roundTrip(new InvalidInputError('perPage', 'perPage must be 1 to 100. Pass a smaller number.'));
  assert.ok(input instanceof InvalidInputError);
  assert.equal(input.field, 'perPage');
  assert.equal(input.code, 'OCR_INVALID_INPUT');
  const api = roundTrip(
    new CloudflareApiError(403, [{ code: 10000, message: 'Authentication error' }], 'Refused. Fix the token.'),
  );
  assert.ok(api instanceof CloudflareApiError);
  assert.equal(api.status, 403);
  assert.deepEqual(api.cloudflareErrors, [{ code: 10000, message: 'Authentication error' }]);
  assert.match(api.stack ?? '', /in the lookup worker/);
});

test('an unknown error with a code comes back as OriginCloudRegionsError; without one, as a plain Error', () => {
  class NotExported extends Error {
    public override readonly name = 'NotExported';
    public readonly code = 'X_CODE';
  }
  const withCode = roundTrip(new NotExported('boom'));
  assert.equal(Object.getPrototypeOf(withCode), OriginCloudRegionsError.prototype);
  assert.equal((withCode as OriginCloudRegionsError).code, 'X_CODE');
  const plain = roundTrip(new TypeError('bad'));
  assert.ok(plain instanceof TypeError);
  const thrown = roundTrip('a string');
  assert.equal(Object.getPrototypeOf(thrown), Error.prototype);
  assert.match(thrown.message, /Non-error thrown: a string/);
});
