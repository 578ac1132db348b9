import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as root from '../../lib/errors/index';
import { deserializeError, serializeError, TRANSPORTED_ERROR_CLASSES } from '../../lib/lookup/error-transport';

/** Every error class the package exports: each must cross the worker boundary as itself. */
type ErrorClass = new (...args: never[]) => Error;
const exportedErrorClasses: [string, ErrorClass][] = Object.entries(root as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
);

test('the package exports error classes, and the worker registry knows every one of them', () => {
  assert.ok(exportedErrorClasses.length >= 20, `only ${exportedErrorClasses.length} error classes found`);
  const missing = exportedErrorClasses.map(([name]) => name).filter((name) => !TRANSPORTED_ERROR_CLASSES.has(name));
  assert.deepEqual(missing, [], 'add these to TRANSPORTED_ERROR_CLASSES in lib/lookup/error-transport.ts');
});

test('every exported error class survives the worker round trip: same class, code, fields and message', () => {
  for (const [name, cls] of exportedErrorClasses) {
    // Built without its constructor (signatures differ per class), with the fields a real one carries.
    const original = Object.create(cls.prototype as object) as Error & Record<string, unknown>;
    Object.assign(original, { name, code: `OCR_TEST_${name}`, field: 'zoneId', status: 403 });
    Object.defineProperty(original, 'message', { value: `${name}: what went wrong. The fix.`, enumerable: false });
    const back = deserializeError(structuredClone(serializeError(original)));
    assert.ok(back instanceof cls, `${name} came back as ${back.constructor.name}`);
    assert.equal(back.message, original.message, name);
    assert.equal((back as unknown as Record<string, unknown>).code, original.code, name);
    assert.equal((back as unknown as Record<string, unknown>).field, 'zoneId', name);
  }
});
