import { CloudflareApiEmulator, generateMappings, type EmulatorSeed } from '../../lib/emulator';
import assert from 'node:assert/strict';
import { OriginCloudRegionsClient, type ClientOptions } from '../../lib/client';
import type { ApiMapping, OriginCloudRegionMapping } from '../../lib/model/mapping';
import { canonicalIp } from '../../lib/model/ip';
import { sortMappings } from '../../lib/model/order';

/** Test credentials: every artifact is grepped for them. */
export const TOKEN = 'tok_TEST_9f8e7d6c5b4a39281706';
export const EMAIL = 'secret.person@example.test';
export const KEY = 'key_TEST_0a1b2c3d4e5f60718293';
export const SECRETS = [TOKEN, EMAIL, KEY];

/** A zone id made from a small number, e.g. zone(1) = '000…01'. */
export function zone(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** Starts an emulator that accepts {@link TOKEN} and {@link EMAIL}/{@link KEY}. */
export function startEmulator(
  zones: Record<string, ApiMapping[]>,
  extra: Partial<EmulatorSeed> = {},
): Promise<CloudflareApiEmulator> {
  return CloudflareApiEmulator.start({
    seed: {
      zones: Object.fromEntries(Object.entries(zones).map(([id, mappings]) => [id, { mappings }])),
      credentials: { tokens: [TOKEN], keys: [{ email: EMAIL, key: KEY }] },
      ...extra,
    },
  });
}

/**
 * Client options for tests: the emulator, the test token, small backoff steps, an empty environment, and 60 s per
 * attempt: on a loaded 2-core machine one of 64 concurrent pages served by the in-process emulator took over the
 * default 10 s, and its retry changed the request counts the tests assert. Tests about timeouts set their own.
 */
export function options(emulator: { baseUrl: string }, more: ClientOptions = {}): ClientOptions {
  return {
    apiToken: TOKEN,
    baseUrl: emulator.baseUrl,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    attemptTimeoutMs: 60_000,
    env: {},
    ...more,
  };
}

/** Runs `fn` with a client of {@link options} against `emulator`, and closes the client after. */
export async function withClient<T>(
  emulator: { baseUrl: string },
  more: ClientOptions,
  fn: (client: OriginCloudRegionsClient) => Promise<T>,
): Promise<T> {
  const client = new OriginCloudRegionsClient(options(emulator, more));
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** What a complete listing of `mappings` must return: canonical IPs, sortMappings order. */
export function expected(mappings: readonly ApiMapping[]): OriginCloudRegionMapping[] {
  return sortMappings(
    mappings.map((m) => ({
      originIp: canonicalIp(m.origin_ip),
      vendor: m.vendor,
      region: m.region,
      ...(m.modified_on !== undefined ? { modifiedOn: m.modified_on } : {}),
    })),
  );
}

export { generateMappings };

/** The v4 envelopes of a complete, consistent listing of `items`, `perPage` to a page (one empty page for none). */
export function listPageBodies(items: readonly unknown[], perPage: number): Record<string, unknown>[] {
  const totalPages = Math.ceil(items.length / perPage);
  return Array.from({ length: Math.max(1, totalPages) }, (_, i) => {
    const result = items.slice(i * perPage, (i + 1) * perPage);
    return {
      success: true,
      errors: [],
      messages: [],
      result,
      result_info: {
        page: i + 1,
        per_page: perPage,
        count: result.length,
        total_count: items.length,
        total_pages: totalPages,
      },
    };
  });
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/**
 * Forms a server may echo `secret` in: as is, upper- and lower-cased, URL-encoded (encodeURIComponent, every
 * byte percent-encoded in either hex case, form encoding), JSON-escaped (`\u00xx` in either hex case,
 * `JSON.stringify`), and base64 / base64url. Written here, apart from lib/client/redact.ts, as the test's oracle.
 */
export function echoForms(secret: string): string[] {
  const bytes = [...Buffer.from(secret, 'utf8')];
  const unicode = [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  return [
    secret,
    secret.toUpperCase(),
    secret.toLowerCase(),
    encodeURIComponent(secret),
    encodeURIComponent(secret.toUpperCase()),
    bytes.map((b) => `%${hex2(b)}`).join(''),
    bytes.map((b) => `%${hex2(b).toUpperCase()}`).join(''),
    new URLSearchParams({ v: secret }).toString().slice(2),
    unicode,
    unicode.replace(/[a-f]/g, (c) => c.toUpperCase()),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ];
}

/**
 * The first form of a test secret found in `text` (compared case-insensitively, except base64 which is
 * case-sensitive), or `undefined` when none leaked.
 */
export function leakedSecret(text: string): string | undefined {
  const lower = text.toLowerCase();
  for (const secret of SECRETS) {
    const forms = echoForms(secret);
    const base64 = forms.slice(-2);
    for (const form of forms.slice(0, -2)) if (lower.includes(form.toLowerCase())) return form;
    for (const form of base64) if (text.includes(form)) return form;
  }
  return undefined;
}

/** Control, C1, bidi and invisible formatting characters: none may reach a message raw. */
export const RAW_UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/u;
