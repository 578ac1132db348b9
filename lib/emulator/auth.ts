import type { IncomingHttpHeaders } from 'node:http';
import { FAILURES, fail, failureBody, type ApiAnswer } from './envelope';
import type { EmulatorCredentials } from './types';

/** Token accepted when neither the seed nor the options name credentials. Public test value, not a secret. */
export const DEFAULT_EMULATOR_TOKEN = 'emulator-token';
/** Email accepted (with {@link DEFAULT_EMULATOR_KEY}) when neither the seed nor the options name credentials. */
export const DEFAULT_EMULATOR_EMAIL = 'emulator@example.com';
/** Global API Key accepted (with {@link DEFAULT_EMULATOR_EMAIL}) when neither the seed nor the options name credentials. */
export const DEFAULT_EMULATOR_KEY = 'emulator-key';

/** The credentials an emulator accepts by default. */
export const DEFAULT_EMULATOR_CREDENTIALS: Readonly<Required<EmulatorCredentials>> = Object.freeze({
  tokens: [DEFAULT_EMULATOR_TOKEN],
  keys: [{ email: DEFAULT_EMULATOR_EMAIL, key: DEFAULT_EMULATOR_KEY }],
});

/** Picks the accepted credentials: the seed's, else the options', else the defaults. */
export function acceptedCredentials(
  fromSeed: EmulatorCredentials | undefined,
  fromOptions: EmulatorCredentials | undefined,
): Required<EmulatorCredentials> {
  for (const c of [fromSeed, fromOptions]) {
    if (c && ((c.tokens?.length ?? 0) > 0 || (c.keys?.length ?? 0) > 0)) {
      return { tokens: [...(c.tokens ?? [])], keys: [...(c.keys ?? [])] };
    }
  }
  return { tokens: [...DEFAULT_EMULATOR_CREDENTIALS.tokens], keys: [...DEFAULT_EMULATOR_CREDENTIALS.keys] };
}

/**
 * Checks a request's credentials the way api.cloudflare.com does.
 *
 * - `Authorization` present: it must read `Bearer <token>` (else 400 6003/6111) and name an accepted
 *   token (else 403 10000). It wins over `X-Auth-*` headers, as it does at Cloudflare.
 * - else `X-Auth-Email` + `X-Auth-Key`: both needed (else 400 9106), and the pair must be accepted
 *   (else 403 9103; emails compare case-insensitively).
 * - neither: 400 9106.
 *
 * @returns `undefined` when the request may proceed, else the failure to answer. Never echoes a credential.
 */
export function checkAuth(
  headers: IncomingHttpHeaders,
  credentials: Required<EmulatorCredentials>,
): ApiAnswer | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      return {
        status: 400,
        body: failureBody({
          code: 6003,
          message: 'Invalid request headers',
          error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }],
        }),
      };
    }
    return credentials.tokens.includes(match[1]) ? undefined : fail(FAILURES.badToken);
  }
  const email = single(headers['x-auth-email']);
  const key = single(headers['x-auth-key']);
  if (!email || !key) return fail(FAILURES.missingAuth);
  const known = credentials.keys.some((k) => k.key === key && k.email.toLowerCase() === email.toLowerCase());
  return known ? undefined : fail(FAILURES.badKey);
}

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.trim() || undefined;
}
