import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { OriginCloudRegionsClient, type ClientOptions } from '../../lib/client';
import type { CloudflareApiEmulator, FaultRule } from '../../lib/emulator';
import { EMAIL, KEY, TOKEN, generateMappings, leakedSecret, options, startEmulator, zone } from './helpers';

const Z = zone(0xe1);
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator({ [Z]: generateMappings(45, 3) });
});
after(async () => {
  await emulator.close();
});
beforeEach(() => emulator.clearFaults());

// Any credential in any case or encoding (see echoForms in the helpers).
function assertClean(text: string, what: string): void {
  const leaked = leakedSecret(text);
  assert.equal(leaked, undefined, `${what} leaked ${JSON.stringify(leaked)}: ${text.slice(0, 300)}`);
}

// Each scenario's server echoes the credentials back (padded so a preview cut falls inside a secret), also in
// the forms redaction used to miss: token upper-cased, email upper-cased and URL-encoded, key lower-cased.
const echo =
  `${'x'.repeat(70)} token=${TOKEN} email=${EMAIL} key=${KEY} ${TOKEN}${KEY} ` +
  `auth=${TOKEN.toUpperCase()} user=${EMAIL.toUpperCase()} q=${encodeURIComponent(EMAIL)} ` +
  `Q=${encodeURIComponent(EMAIL.toUpperCase())} k=${KEY.toLowerCase()} json=${JSON.stringify(EMAIL).slice(1, -1)}`;
const scenarios = (echo: string, token: string): [string, FaultRule | undefined][] => [
  [
    '403 echoing credentials',
    {
      kind: 'status',
      status: 403,
      body: { success: false, errors: [{ code: 10000, message: echo }], messages: [], result: null },
    },
  ],
  [
    '200 success:false echoing credentials',
    { kind: 'envelope', body: { success: false, errors: [{ code: 1142, message: echo }], messages: [], result: null } },
  ],
  ['malformed envelope echoing credentials', { kind: 'envelope', body: { success: true, errors: [], result: echo } }],
  [
    '503 echoing credentials',
    {
      kind: 'status',
      status: 503,
      body: { success: false, errors: [{ code: 1000, message: echo }], messages: [], result: null },
    },
  ],
  // JSON.parse's own message would quote the start of the token ("Unexpected token 'T', "TOK_TEST_9"...").
  ['body that fails JSON.parse at the start of a token', { kind: 'malformed', body: `${token.toUpperCase()} rest` }],
  [
    'body that fails JSON.parse at a key inside it',
    { kind: 'malformed', body: `{"success":false,"errors":[], ${KEY.toLowerCase()}: 1}` },
  ],
  [
    'error body with an echoing documentation_url',
    {
      kind: 'status',
      status: 401,
      body: {
        success: false,
        errors: [{ code: 10000, message: 'no', documentation_url: `https://docs.test/?token=${token.toUpperCase()}` }],
      },
    },
  ],
  ['connection resets', { kind: 'reset' }],
  ['html', { kind: 'html' }],
  ['success', undefined],
];

for (const auth of ['token', 'email+key'] as const) {
  // The token client also has the key pair in its environment (it must redact those too); the email+key
  // client never saw the token, so its server only echoes what it sent.
  const echoed = auth === 'token' ? echo : echo.split(TOKEN).join('tok').split(TOKEN.toUpperCase()).join('TOK');
  for (const [name, fault] of scenarios(echoed, auth === 'token' ? TOKEN : KEY)) {
    test(`${auth}: ${name}: errors and debug lines never contain a credential`, async () => {
      if (fault) emulator.addFaults({ ...fault, match: { path: `/zones/${Z}/origin/cloud_regions$` } });
      const lines: string[] = [];
      const creds: ClientOptions =
        auth === 'token'
          ? { apiToken: TOKEN, env: { CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_API_KEY: KEY } }
          : { apiToken: undefined, apiEmail: EMAIL, apiKey: KEY };
      const client = new OriginCloudRegionsClient(
        options(emulator, { ...creds, perPage: 20, maxRetries: 1, debug: (l) => lines.push(l) }),
      );
      try {
        await client.listMappings(Z);
        assert.equal(fault, undefined, 'only the no-fault scenario succeeds');
      } catch (error) {
        assert.ok(fault, `unexpected failure ${String(error)}`);
        assertClean(String(error), 'message');
        assertClean((error as Error).stack ?? '', 'stack');
        assertClean(inspect(error, { depth: 10 }), 'inspected error with causes');
        assertClean(JSON.stringify(error), 'JSON of the error');
      } finally {
        await client.close();
      }
      assert.ok(lines.length > 0, 'debug lines were produced');
      assertClean(lines.join('\n'), 'debug output');
      assertClean(inspect(client, { depth: 10 }), 'inspected client');
    });
  }
}
