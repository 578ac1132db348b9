/**
 * The Cloudflare v4 response envelope and the error codes the emulator answers with.
 *
 * Codes and messages follow the OpenAPI excerpt's examples where it has them; where it does not
 * (auth, routing, rate limits), they follow what api.cloudflare.com answers in the wild.
 * Codes marked "emulator's choice" are not documented by Cloudflare.
 */

/** One entry of an envelope's `errors` or `messages`. */
export interface ApiMessage {
  /** Cloudflare error code (≥ 1000). */
  code: number;
  /** Human-readable message. */
  message: string;
  /** Nested causes, as Cloudflare sends for header format errors. */
  error_chain?: ApiMessage[];
}

/** An HTTP answer of the emulator before it is written: status, JSON body, extra headers. */
export interface ApiAnswer {
  /** HTTP status code. */
  status: number;
  /** Body, serialized as JSON. */
  body: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A failure the emulator can answer with: HTTP status plus one Cloudflare error. */
export interface ApiFailure {
  /** HTTP status code. */
  readonly status: number;
  /** Cloudflare error code. */
  readonly code: number;
  /** Cloudflare error message. */
  readonly message: string;
}

/** The failures the emulator uses, by name. */
export const FAILURES = {
  /** 400 1146, the excerpt's `invalid_pagination` example. */
  badPerPage: { status: 400, code: 1146, message: 'invalid per_page parameter, must be between 1 and 100' },
  /** 400 1146 for `page` (emulator's choice of message, same code as `per_page`). */
  badPage: { status: 400, code: 1146, message: 'invalid page parameter, must be an integer of at least 1' },
  /** 400 1146, the excerpt's `ip_mismatch` example. */
  ipMismatch: { status: 400, code: 1146, message: 'body origin_ip does not match URL' },
  /** 400 1146 for an unparsable IP in the path (emulator's choice of message). */
  badIp: { status: 400, code: 1146, message: 'origin_ip is not a valid IPv4 or IPv6 address' },
  /** 400 1146 for a body that is not the documented shape (emulator's choice of message). */
  badBody: { status: 400, code: 1146, message: 'invalid request body' },
  /** 400 1146 for a batch of more than 100 items (emulator's choice of message). */
  batchTooLarge: { status: 400, code: 1146, message: 'batch must contain at most 100 items' },
  /** 404 1142, the excerpt's `not_found` example. */
  notFound: {
    status: 404,
    code: 1142,
    message: 'Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.',
  },
  /** 400 1157, the excerpt's `invalid_vendor_region` example. */
  badVendorRegion: {
    status: 400,
    code: 1157,
    message: "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
  },
  /** 403 1164, the excerpt's `too_many_mappings` example. */
  tooManyMappings: { status: 403, code: 1164, message: 'Maximum number of IP mappings configured for zone.' },
  /** 400 1159 when Tiered Cache is off (emulator's choice: Cloudflare documents the rule, not the code). */
  tieredCacheOff: {
    status: 400,
    code: 1159,
    message: 'Tiered Cache must be enabled on the zone to use origin cloud regions.',
  },
  /** 400 9106, as api.cloudflare.com answers a request without credentials. */
  missingAuth: { status: 400, code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' },
  /** 403 9103, as api.cloudflare.com answers an unknown email/key pair. */
  badKey: { status: 403, code: 9103, message: 'Unknown X-Auth-Key or X-Auth-Email' },
  /** 403 10000, as api.cloudflare.com answers a token it does not accept for the zone. */
  badToken: { status: 403, code: 10000, message: 'Authentication error' },
  /** 404 7003 for a path no route serves. */
  noRoute: { status: 404, code: 7003, message: 'No route for the URI' },
  /** 429 971, as api.cloudflare.com answers when rate-limited. */
  rateLimited: { status: 429, code: 971, message: 'Please wait and consider throttling your request speed' },
} as const satisfies Record<string, ApiFailure>;

/** A success envelope. */
export function success(result: unknown, resultInfo?: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = { success: true, errors: [], messages: [], result };
  if (resultInfo !== undefined) body.result_info = resultInfo;
  return body;
}

/** A failure envelope (`result: null`) with the given errors. */
export function failureBody(...errors: ApiMessage[]): Record<string, unknown> {
  return { success: false, errors, messages: [], result: null };
}

/** An answer for one of {@link FAILURES} (or any status/code/message). */
export function fail(failure: ApiFailure, extra?: Partial<ApiMessage>): ApiAnswer {
  return { status: failure.status, body: failureBody({ code: failure.code, message: failure.message, ...extra }) };
}

/** The 400 7003 answer for a zone id that is not 32 lower-case hex, worded like api.cloudflare.com. */
export function couldNotRoute(path: string): ApiAnswer {
  return fail({
    status: 400,
    code: 7003,
    message: `Could not route to ${path}, perhaps your object identifier is invalid?`,
  });
}

/** The 405 7001 answer for a method a known path does not serve. */
export function methodNotAllowed(method: string): ApiAnswer {
  return fail({ status: 405, code: 7001, message: `Method ${method} not available for that URI.` });
}
