import * as packageErrors from '../errors';

const { OriginCloudRegionsError } = packageErrors;

/** An error as plain data for a worker's message: `fields` holds every other own field structured cloning keeps. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

type ErrorClass = abstract new (...args: never[]) => Error;

function isErrorClass(value: unknown): value is ErrorClass {
  return (
    typeof value === 'function' && (value === Error || (value as { prototype?: unknown }).prototype instanceof Error)
  );
}

/** Classes kept across the worker boundary, by name: every `lib/errors` export, `Error`, `TypeError`, `RangeError`. */
export const TRANSPORTED_ERROR_CLASSES: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>(
  [...Object.values(packageErrors as Record<string, unknown>).filter(isErrorClass), Error, TypeError, RangeError].map(
    (c) => [c.name, c],
  ),
);

/** Flattens an error (or any thrown value) to {@link SerializedError}. Never throws. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: `Non-error thrown: ${String(error)}`, fields: {} };
  }
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause') continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    try {
      fields[key] = structuredClone(value);
    } catch {
      // A field that cannot be cloned (a function, a socket) is of no use to the caller; drop it.
    }
  }
  const { name, message, stack } = error;
  return stack === undefined ? { name, message, fields } : { name, message, stack, fields };
}

/**
 * Rebuilds an error serialized by {@link serializeError} as an instance of the same exported class, with the same
 * fields. An unknown class becomes an `OriginCloudRegionsError` when it had a `code`, else a plain `Error`.
 */
export function deserializeError(data: SerializedError): Error {
  const known = TRANSPORTED_ERROR_CLASSES.get(data.name);
  const cls = known ?? (typeof data.fields.code === 'string' ? OriginCloudRegionsError : Error);
  // Object.create skips the constructors, whose signatures differ per class; the fields are copied as they were.
  const error = Object.create(cls.prototype as object) as Error;
  setHidden(error, 'message', data.message);
  Object.assign(error, data.fields);
  // The package's errors carry `name` as an own field (set by OriginCloudRegionsError); keep that shape.
  if (error instanceof OriginCloudRegionsError || known === undefined) (error as { name: string }).name = data.name;
  const here = new Error(data.message).stack?.split('\n').slice(1).join('\n') ?? '';
  const there = data.stack?.split('\n').slice(1).join('\n') ?? '';
  const stack = `${data.name}: ${data.message}\n${there}${there && here ? '\n    --- in the lookup worker; called from ---\n' : ''}${here}`;
  setHidden(error, 'stack', stack);
  return error;
}

// As the Error constructor sets them: writable, configurable, not enumerable.
function setHidden(error: Error, key: 'message' | 'stack', value: string): void {
  Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: false });
}
