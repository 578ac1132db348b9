import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OriginCloudRegionsClient } from '../../lib/client';
import type { CloudflareApiEmulator, FaultRule } from '../../lib/emulator';
import { OriginCloudRegionsError, CloudflareApiError, RequestFailedError, ResponseFormatError } from '../../lib/errors';
import { EMAIL, KEY, RAW_UNSAFE, SECRETS, echoForms, leakedSecret, options, startEmulator, zone } from './helpers';

/**
 * Property over real HTTP: a hostile server (the emulator's fault injection and seeds) puts hostile strings
 * (template sequences, control, C1 and bidi characters, Markdown and HTML, very long text, `__proto__`-like
 * names, and the client's own credentials in any case or encoding) into error bodies, error messages,
 * documentation URLs, raw bodies, the Content-Type header, mapping values and supported_regions keys.
 * Each run either refuses with a typed error whose message is one inert line holding no credential in
 * any form, or returns the hostile value exactly.
 */

const Z = zone(0xbad);
const LIST_PATH = `/zones/${Z}/origin/cloud_regions$`;
const SUPPORTED_PATH = `/zones/${Z}/origin/cloud_regions/supported_regions$`;
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator({ [Z]: [] });
});
after(async () => {
  await emulator.close();
});

const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
];

const piece = fc.oneof(
  fc.constantFrom(
    '${file("/etc/hostname")}',
    '%{ if true }x%{ endif }',
    '$${env.HOME}',
    '\u001b[2J',
    '\u001b]0;pwned\u0007',
    '\u001b]8;;https://evil.test\u001b\\click\u001b]8;;\u001b\\',
    '\u0007',
    '\r',
    '\n',
    '\u0000',
    '\u009b31m',
    '\u0085',
    '\u202e',
    '\u2066',
    '\u200f',
    '\u061c',
    '\ufeff',
    '\u2028',
    '<script>alert(1)</script>',
    '@org/team',
    '[x](https://evil.test)',
    '**bold** | cell |',
    '/',
    '"',
    '\\',
    '\ud800',
    'aws',
    'us-east-1',
    ...PROTO_NAMES,
  ),
  fc.constantFrom(...SECRETS.flatMap(echoForms)),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.nat(6000).map((n) => 'x'.repeat(n)),
);
const hostile = fc.array(piece, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
const nameLike = fc.oneof(fc.constantFrom(...PROTO_NAMES), hostile);
// What can travel in a header value (Node refuses other control characters): C1 controls, Latin-1, secrets.
const headerValue = fc
  .array(
    fc.constantFrom(
      'text/html',
      '; charset=utf-8',
      '\u009b2J',
      '\u0085',
      '\u009d0;title\u009c',
      'é',
      ...[KEY, EMAIL].flatMap(echoForms).filter((f) => !f.includes('\\')),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join(''));

type Scenario =
  | { kind: 'error-status'; status: number; code: number; message: string; url: string }
  | { kind: 'success-false'; code: number; message: string; url: string }
  | { kind: 'raw-body'; status: number; body: string }
  | { kind: 'content-type'; status: number; value: string }
  | { kind: 'mapping'; vendor: string; region: string }
  | { kind: 'supported'; vendor: string; region: string; colo: string };

const documentationUrl = fc.oneof(
  hostile,
  hostile.map((h) => `https://developers.cloudflare.test/${h}`),
);
const scenario: fc.Arbitrary<Scenario> = fc.oneof(
  fc.record({
    kind: fc.constant('error-status' as const),
    status: fc.constantFrom(400, 401, 403, 404, 429, 500, 503),
    code: fc.constantFrom(1000, 1142, 6003, 9103, 9106, 10000),
    message: hostile,
    url: documentationUrl,
  }),
  fc.record({
    kind: fc.constant('success-false' as const),
    code: fc.integer({ min: 0, max: 99999 }),
    message: hostile,
    url: documentationUrl,
  }),
  fc.record({ kind: fc.constant('raw-body' as const), status: fc.constantFrom(200, 400, 403, 502), body: hostile }),
  fc.record({ kind: fc.constant('content-type' as const), status: fc.constantFrom(200, 403), value: headerValue }),
  fc.record({ kind: fc.constant('mapping' as const), vendor: nameLike, region: nameLike }),
  fc.record({ kind: fc.constant('supported' as const), vendor: nameLike, region: nameLike, colo: hostile }),
);

// The test's own statement of the value rules (lib/model/wire-schema.ts is the implementation's).
// eslint-disable-next-line no-control-regex -- control characters are what the rule refuses
const printable = (s: string): boolean => s.length >= 1 && s.length <= 200 && !/[\u0000-\u001f\u007f-\u009f]/u.test(s);

function faultsFor(s: Scenario): FaultRule[] {
  const entry = (code: number, message: string, url: string) => ({ code, message, documentation_url: url });
  switch (s.kind) {
    case 'error-status':
      return [
        {
          match: { path: LIST_PATH },
          kind: 'status',
          status: s.status,
          body: { success: false, errors: [entry(s.code, s.message, s.url)], messages: [], result: null },
        },
      ];
    case 'success-false':
      return [
        {
          match: { path: LIST_PATH },
          kind: 'envelope',
          body: { success: false, errors: [entry(s.code, s.message, s.url)], messages: [s.message], result: null },
        },
      ];
    case 'raw-body':
      return [{ match: { path: LIST_PATH }, kind: 'malformed', status: s.status, body: s.body }];
    case 'content-type':
      return [{ match: { path: LIST_PATH }, kind: 'html', status: s.status, headers: { 'content-type': s.value } }];
    case 'mapping':
      return [];
    case 'supported': {
      // The vendor is a key: defineProperty makes even `__proto__` an own key, as JSON.parse would.
      const vendors = { aws: [{ name: 'us-east-1', upper_tier_colos: ['IAD'] }] };
      Object.defineProperty(vendors, s.vendor, {
        value: [{ name: s.region, upper_tier_colos: [s.colo] }],
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return [
        {
          match: { path: SUPPORTED_PATH },
          kind: 'envelope',
          body: { success: true, errors: [], messages: [], result: { obtained_codes: true, vendors } },
        },
      ];
    }
  }
}

function assertInertRefusal(error: unknown, s: Scenario, debugLines: readonly string[]): void {
  if (error instanceof assert.AssertionError) throw error;
  assert.ok(error instanceof OriginCloudRegionsError, `untyped error ${String(error)}`);
  assert.notEqual(error.constructor, OriginCloudRegionsError, 'a subclass with its own code');
  const expected: Partial<Record<Scenario['kind'], readonly (new (...a: never[]) => Error)[]>> = {
    'error-status': [CloudflareApiError, RequestFailedError],
    'success-false': [CloudflareApiError],
    'content-type': [CloudflareApiError, ResponseFormatError],
    mapping: [ResponseFormatError],
    supported: [ResponseFormatError],
  };
  const classes = expected[s.kind];
  if (classes)
    assert.ok(
      classes.some((c) => error instanceof c),
      `${s.kind} gave ${error.name}: ${error.message}`,
    );
  const texts: [string, string][] = [
    ['message', error.message],
    ['stack', error.stack ?? ''],
    ['JSON of the error', JSON.stringify(error)],
    ['debug lines', debugLines.join('\n')],
  ];
  if (error instanceof CloudflareApiError) {
    texts.push(['cloudflareErrors', JSON.stringify(error.cloudflareErrors)]);
    for (const e of error.cloudflareErrors) {
      assert.doesNotMatch(e.message, RAW_UNSAFE, 'cloudflareErrors are fit to print');
      assert.doesNotMatch(e.documentationUrl ?? '', RAW_UNSAFE, 'cloudflareErrors are fit to print');
    }
  }
  for (const [what, text] of texts) {
    const leaked = leakedSecret(text);
    assert.equal(leaked, undefined, `${what} leaked ${JSON.stringify(leaked)}: ${text.slice(0, 400)}`);
  }
  assert.doesNotMatch(error.message, RAW_UNSAFE, `raw control/bidi character in: ${JSON.stringify(error.message)}`);
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : typeof v === 'object' && v !== null ? Object.values(v).flatMap(strings) : [];
  for (const field of strings(JSON.parse(JSON.stringify(error)))) {
    assert.doesNotMatch(field, RAW_UNSAFE, `the error's fields are fit to print too: ${JSON.stringify(field)}`);
  }
  assert.ok(error.message.length < 3000, `long server text is cut (${error.message.length} characters)`);
  for (const line of debugLines) assert.doesNotMatch(line, RAW_UNSAFE, `debug line: ${JSON.stringify(line)}`);
}

test('property over HTTP: hostile server text is refused inertly and secret-free, or hostile values return exactly', async () => {
  let refused = 0;
  let returned = 0;
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      emulator.clearFaults();
      emulator.setMappings(
        Z,
        s.kind === 'mapping' ? [{ origin_ip: '192.0.2.1', vendor: s.vendor, region: s.region }] : [],
      );
      emulator.addFaults(...faultsFor(s));
      const debugLines: string[] = [];
      // The client knows all three credentials (token in use, email + key in its environment) and must
      // redact each of them, whatever the server does with them.
      const client = new OriginCloudRegionsClient(
        options(emulator, {
          maxRetries: 0,
          env: { CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_API_KEY: KEY },
          debug: (line) => debugLines.push(line),
        }),
      );
      try {
        if (s.kind === 'supported') {
          const sr = await client.supportedRegions(Z);
          assert.ok(printable(s.vendor) && !s.vendor.includes('/'), `accepted vendor ${s.vendor}`);
          assert.ok(printable(s.region) && printable(s.colo), 'accepted region and colo');
          assert.equal(Object.getPrototypeOf(sr.vendors), null);
          const keys = s.vendor === 'aws' ? ['aws'] : ['aws', s.vendor];
          assert.deepEqual(Object.keys(sr.vendors), keys, 'every vendor key survives, in order');
          assert.ok(Object.hasOwn(sr.vendors, s.vendor));
          assert.deepEqual(sr.vendors[s.vendor], [{ name: s.region, upperTierColos: [s.colo] }]);
        } else {
          const list = await client.listMappings(Z);
          assert.equal(s.kind, 'mapping', `${s.kind} was not refused`);
          assert.ok(printable(s.vendor) && !s.vendor.includes('/') && printable(s.region), 'accepted values are valid');
          assert.deepEqual(list.mappings, [{ originIp: '192.0.2.1', vendor: s.vendor, region: s.region }]);
        }
        returned++;
      } catch (error) {
        assertInertRefusal(error, s, debugLines);
        if (s.kind === 'mapping') {
          const valid = printable(s.vendor) && !s.vendor.includes('/') && printable(s.region);
          assert.ok(!valid, `a valid mapping was refused: ${String(error)}`);
        }
        if (s.kind === 'supported') {
          const valid = printable(s.vendor) && !s.vendor.includes('/');
          assert.ok(!(valid && printable(s.region) && printable(s.colo)), `valid regions refused: ${String(error)}`);
        }
        refused++;
      } finally {
        await client.close();
      }
    }),
    { numRuns: 160, seed: 20260311 },
  );
  assert.ok(refused > 40 && returned > 10, `both outcomes were exercised (refused ${refused}, returned ${returned})`);
});
