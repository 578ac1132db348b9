import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudflareApiEmulator, EmulatorSeedError, parseSeed } from '../../lib/emulator';
import { InvalidInputError } from '../../lib/errors';
import { BEARER, raw, zone } from './helpers';

/**
 * The emulator serves hostile data as given, so client defences can be tested over real HTTP: any vendor
 * or region string, supported_regions keys named like Object built-ins, and hostile header values.
 */

const Z = zone(0x4057);
const HOSTILE = [
  'r${file("/etc/hostname")}',
  '%{ if true }x%{ endif }',
  '\u001b[2J\u001b]0;pwned\u0007',
  '\u202eevil\u0000',
  'aws/evil',
  'x'.repeat(5000),
  '__proto__',
];
// A seed as a JSON file gives it: JSON.parse makes `__proto__` an own key.
const SEED_TEXT = `{
  "zones": { "${Z}": { "mappings": ${JSON.stringify(
    HOSTILE.map((value, i) => ({ origin_ip: `192.0.2.${i + 1}`, vendor: value, region: value })),
  )} } },
  "supportedRegions": { "obtained_codes": true, "vendors": {
    "__proto__": [{ "name": "constructor", "upper_tier_colos": ["\\u001b[2J"] }],
    "constructor": [{ "name": "toString", "upper_tier_colos": [] }],
    "toString": [{ "name": "r\${file(\\"/etc/hostname\\")}", "upper_tier_colos": [] }]
  } }
}`;
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await CloudflareApiEmulator.start({ seed: parseSeed(JSON.parse(SEED_TEXT)), order: 'insertion' });
});
after(() => emulator.close());

test('seeded vendors and regions are served exactly, whatever they hold', async () => {
  const res = await raw(`${emulator.baseUrl}/zones/${Z}/origin/cloud_regions?per_page=100`, { headers: BEARER });
  assert.equal(res.status, 200);
  const body = JSON.parse(res.text) as { result: { vendor: string; region: string }[] };
  assert.deepEqual(
    body.result.map((m) => [m.vendor, m.region]),
    HOSTILE.map((v) => [v, v]),
  );
});

test('supported_regions keys named like Object built-ins are kept and served', async () => {
  const res = await raw(`${emulator.baseUrl}/zones/${Z}/origin/cloud_regions/supported_regions`, { headers: BEARER });
  assert.equal(res.status, 200);
  // Read the raw text: the keys must be on the wire, in the seed's order.
  assert.match(res.text, /"vendors":\{"__proto__":\[\{"name":"constructor"/);
  const vendors = (JSON.parse(res.text) as { result: { vendors: Record<string, unknown> } }).result.vendors;
  assert.deepEqual(Object.keys(vendors), ['__proto__', 'constructor', 'toString']);
  // A PUT validates against them like any other vendor.
  const put = await raw(`${emulator.baseUrl}/zones/${Z}/origin/cloud_regions/198.51.100.1`, {
    method: 'PUT',
    headers: BEARER,
    body: { origin_ip: '198.51.100.1', vendor: '__proto__', region: 'constructor' },
  });
  assert.equal(put.status, 200, put.text);
});

test('a __proto__ key with a bad value is refused, not dropped (zod skips that key)', () => {
  const bad = JSON.parse(
    `{"zones":{},"supportedRegions":{"obtained_codes":true,"vendors":{"aws":[],"__proto__":"not a list"}}}`,
  ) as unknown;
  assert.throws(
    () => parseSeed(bad),
    (e: unknown) => e instanceof EmulatorSeedError && /supportedRegions\.vendors\.__proto__/.test(e.message),
  );
  const zoneKey = JSON.parse(`{"zones":{"__proto__":{"mappings":"no"}}}`) as unknown;
  assert.throws(() => parseSeed(zoneKey), /zones\.__proto__/);
});

test('fault headers carry hostile values (C1 controls) and replace the emulator content type', async () => {
  const value = 'text/html\u009b2J\u0085';
  emulator.addFaults({ kind: 'html', status: 403, times: 1, headers: { 'Content-Type': value, 'X-Echo': 'a b' } });
  const res = await raw(`${emulator.baseUrl}/zones/${Z}/origin/cloud_regions`, { headers: BEARER });
  assert.equal(res.status, 403);
  assert.ok(res.headers?.['content-type']?.includes('2J'), String(res.headers?.['content-type']));
  assert.notEqual(res.headers?.['content-type'], 'text/html');
  assert.equal(res.headers?.['x-echo'], 'a b');
  emulator.addFaults({ kind: 'envelope', times: 1, body: { success: false }, headers: { 'content-type': 'evil' } });
  const env = await raw(`${emulator.baseUrl}/zones/${Z}/origin/cloud_regions`, { headers: BEARER });
  assert.equal(env.headers?.['content-type'], 'evil');
  assert.equal(env.text, '{"success":false}');
});

test('fault headers that cannot be sent, or that would break framing, are refused when added', () => {
  for (const headers of <Record<string, string>[]>[
    { 'content-type': 'a\u001b[2J' },
    { 'content-type': 'a\r\nx-injected: 1' },
    { 'bad name': 'x' },
    { 'content-length': '5' },
    { 'Transfer-Encoding': 'chunked' },
    { 'x-number': 5 as unknown as string },
  ]) {
    assert.throws(
      () => emulator.addFaults({ kind: 'status', headers }),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'headers',
      JSON.stringify(headers),
    );
  }
});
