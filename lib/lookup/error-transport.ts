import { InvalidInputError, OriginCloudRegionsError, UntrustedValueError } from '../errors';
import {
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
} from '../errors/mapping-source';
import {
  InputFileError,
  InputFileNotFoundError,
  InputFileNotUtf8Error,
  InputFileOutsideFolderError,
  InputFileTooLargeError,
  InputFileUnreadableError,
  InvalidJsonError,
  NotARegularFileError,
} from '../errors/files';
import {
  CloudflareApiError,
  DeadlineExceededError,
  IncompleteListingError,
  MissingCredentialsError,
  RequestFailedError,
  ResponseFormatError,
} from '../errors/client';
import { ProxyTunnelError, UntrustedCertificateError } from '../errors/proxy';
import { RateBudgetExceededError, RateLimitedError } from '../errors/budget';
import {
  SnapshotInvalidError,
  SnapshotMissingError,
  SnapshotWriteError,
  SnapshotZoneMismatchError,
} from '../errors/snapshot';
import { InvalidExpectationError } from '../errors/expectations';
import { IpRangeFeedError } from '../errors/ip-ranges';
import { LookupWorkerError } from '../errors/lookup';

/** An error flattened to plain data, so it can cross a worker thread boundary. */
export interface SerializedError {
  /** The class name (`error.name`), used to find the class again. */
  readonly name: string;
  /** The message. */
  readonly message: string;
  /** The stack as the worker saw it, when there was one. */
  readonly stack?: string;
  /** Every other own field that survives structured cloning (`code`, `field`, `status`, `cloudflareErrors`, ...). */
  readonly fields: Readonly<Record<string, unknown>>;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The error classes this package exports, by name (a test checks the list is complete). An error that crosses the worker boundary is
 * rebuilt as an instance of the same class, so `instanceof` keeps working for the caller.
 */
export const TRANSPORTED_ERROR_CLASSES: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>(
  [
    OriginCloudRegionsError,
    InvalidInputError,
    InvalidExpectationError,
    CloudflareApiError,
    MissingCredentialsError,
    ResponseFormatError,
    IncompleteListingError,
    RequestFailedError,
    DeadlineExceededError,
    RateBudgetExceededError,
    RateLimitedError,
    ProxyTunnelError,
    UntrustedCertificateError,
    SnapshotMissingError,
    SnapshotInvalidError,
    SnapshotZoneMismatchError,
    SnapshotWriteError,
    InputFileError,
    InputFileNotFoundError,
    InputFileUnreadableError,
    NotARegularFileError,
    InputFileTooLargeError,
    InputFileNotUtf8Error,
    InputFileOutsideFolderError,
    InvalidJsonError,
    UntrustedValueError,
    // Thrown by the readers of `diff`/`check`, not in the worker; listed so that every exported class is here
    // (test/lookup/error-transport.test.ts checks it).
    MappingSourceNotFoundError,
    UnknownMappingSourceError,
    InvalidMappingSourceError,
    IpRangeFeedError,
    LookupWorkerError,
    Error,
    TypeError,
    RangeError,
  ].map((c) => [c.name, c]),
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
  const out: { name: string; message: string; stack?: string; fields: Record<string, unknown> } = {
    name: error.name,
    message: error.message,
    fields,
  };
  if (error.stack !== undefined) out.stack = error.stack;
  return out;
}

/**
 * Rebuilds an error serialized by {@link serializeError} as an instance of the same exported class
 * (found by name in {@link TRANSPORTED_ERROR_CLASSES}), with the same fields. An unknown class becomes
 * an {@link OriginCloudRegionsError} when it had a `code`, else a plain `Error`.
 */
export function deserializeError(data: SerializedError): Error {
  const known = TRANSPORTED_ERROR_CLASSES.get(data.name);
  const cls = known ?? (typeof data.fields.code === 'string' ? OriginCloudRegionsError : Error);
  // Object.create skips the constructors, whose signatures differ per class; the fields are copied as they were.
  const error = Object.create(cls.prototype as object) as Error;
  Object.defineProperty(error, 'message', {
    value: data.message,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.assign(error, data.fields);
  // The package's errors carry `name` as an own field (set by OriginCloudRegionsError); keep that shape.
  if (error instanceof OriginCloudRegionsError || known === undefined) (error as { name: string }).name = data.name;
  const here = new Error(data.message).stack?.split('\n').slice(1).join('\n') ?? '';
  const there = data.stack?.split('\n').slice(1).join('\n') ?? '';
  Object.defineProperty(error, 'stack', {
    value: `${data.name}: ${data.message}\n${there}${there && here ? '\n    --- in the lookup worker; called from ---\n' : ''}${here}`,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return error;
}
