import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudflareApiEmulator, EmulatorSeedError, generateMappings, MAX_MAPPINGS_PER_ZONE } from '../../lib/emulator';
import { InvalidInputError } from '../../lib/errors';
import { BEARER, json, raw, zone } from './helpers';

const Z = zone(0xb);
const FULL = zone(0xc);
const OFF = zone(0xd);
let emulator: CloudflareApiEmulator;
const seeded = [
  { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1', modified_on: '2026-03-01T12:00:00Z' },
  { origin_ip: '2001:DB8:0:0::1', vendor: 'gcp', region: 'us-central1', modified_on: '2026-03-01T12:30:00Z' },
];
const base = (z = Z) => `${emulator.baseUrl}/zones/${z}/origin/cloud_regions`;
const call = (path: string, method = 'GET', body?: unknown) => raw(path, { method, headers: BEARER, body });
const codes = (body: Record<string, unknown>) => (body.errors as { code: number }[]).map((e) => e.code);

before(async () => {
  emulator = await CloudflareApiEmulator.start({
    seed: { zones: { [Z]: { mappings: seeded }, [OFF]: { mappings: [], tieredCache: false } } },
  });
});
after(() => emulator.close());
beforeEach(() => {
  emulator.setMappings(Z, seeded);
  emulator.setMappings(FULL, generateMappings(MAX_MAPPINGS_PER_ZONE, 5));
});

test('seeded IPs are stored canonical (RFC 5952)', () => {
  assert.deepEqual(
    emulator
      .getMappings(Z)
      .map((m) => m.origin_ip)
      .sort(),
    ['192.0.2.1', '2001:db8::1'],
  );
});

test('GET one normalizes the path IP; unknown IPs and empty zones are 404 code 1142', async () => {
  for (const ip of ['2001:db8::1', '2001:0DB8:0000::0001', encodeURIComponent('2001:db8::1')]) {
    const res = await call(`${base()}/${ip}`);
    assert.equal(res.status, 200, ip);
    assert.deepEqual(json(res).result, {
      origin_ip: '2001:db8::1',
      vendor: 'gcp',
      region: 'us-central1',
      modified_on: '2026-03-01T12:30:00Z',
    });
  }
  for (const url of [`${base()}/192.0.2.99`, `${base(zone(0x99))}/192.0.2.1`]) {
    const res = await call(url);
    assert.equal(res.status, 404);
    assert.deepEqual(codes(json(res)), [1142]);
    assert.equal(json(res).result, null);
  }
  assert.equal((await call(`${base()}/not-an-ip`)).status, 400);
});

test('PUT one creates or replaces, stores the canonical IP and sets modified_on', async () => {
  const res = await call(`${base()}/2001:db8::a`, 'PUT', {
    origin_ip: '2001:DB8:0::A',
    vendor: 'azure',
    region: 'westeurope',
  });
  assert.equal(res.status, 200);
  const result = json(res).result as Record<string, string>;
  assert.equal(result.origin_ip, '2001:db8::a');
  assert.ok(Math.abs(Date.parse(result.modified_on) - Date.now()) < 5000);
  assert.equal(emulator.getMappings(Z).length, 3);
  const again = await call(`${base()}/192.0.2.1`, 'PUT', {
    origin_ip: '192.0.2.1',
    vendor: 'oci',
    region: 'us-ashburn-1',
  });
  assert.equal(again.status, 200);
  assert.equal(emulator.getMappings(Z).find((m) => m.origin_ip === '192.0.2.1')?.vendor, 'oci');
  assert.equal(emulator.getMappings(Z).length, 3);
});

test('PUT one rejects a mismatched body IP (1146), an unsupported vendor/region (1157), a bad body (1146)', async () => {
  const mismatch = await call(`${base()}/192.0.2.1`, 'PUT', {
    origin_ip: '192.0.2.2',
    vendor: 'aws',
    region: 'us-east-1',
  });
  assert.equal(mismatch.status, 400);
  assert.deepEqual(json(mismatch).errors, [{ code: 1146, message: 'body origin_ip does not match URL' }]);
  for (const body of [
    { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-9' },
    { origin_ip: '192.0.2.1', vendor: 'ibm', region: 'us-east-1' },
    { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-central1' },
  ]) {
    const res = await call(`${base()}/192.0.2.1`, 'PUT', body);
    assert.equal(res.status, 400);
    assert.deepEqual(codes(json(res)), [1157]);
  }
  for (const body of [undefined, 'not json', [], { origin_ip: '192.0.2.1', vendor: 'aws' }]) {
    const res = await call(`${base()}/192.0.2.1`, 'PUT', body);
    assert.equal(res.status, 400);
    assert.deepEqual(codes(json(res)), [1146]);
  }
  assert.deepEqual(emulator.getMappings(Z).find((m) => m.origin_ip === '192.0.2.1')?.vendor, 'aws');
});

test('a zone at 3,500 mappings refuses new IPs with 403 code 1164 but still replaces existing ones', async () => {
  const res = await call(`${base(FULL)}/198.51.100.1`, 'PUT', {
    origin_ip: '198.51.100.1',
    vendor: 'aws',
    region: 'us-east-1',
  });
  assert.equal(res.status, 403);
  assert.deepEqual(json(res).errors, [{ code: 1164, message: 'Maximum number of IP mappings configured for zone.' }]);
  const existing = emulator.getMappings(FULL)[0]?.origin_ip;
  const replace = await call(`${base(FULL)}/${existing}`, 'PUT', {
    origin_ip: existing,
    vendor: 'gcp',
    region: 'us-east1',
  });
  assert.equal(replace.status, 200);
  const batch = await call(`${base(FULL)}/batch`, 'PUT', [
    { origin_ip: '198.51.100.2', vendor: 'aws', region: 'us-east-1' },
  ]);
  assert.equal(batch.status, 403);
  assert.deepEqual(codes(json(batch)), [1164]);
});

test('DELETE one answers the canonical IP, then 404 1142', async () => {
  const res = await call(`${base()}/2001:0db8::0001`, 'DELETE');
  assert.equal(res.status, 200);
  assert.deepEqual(json(res), { success: true, errors: [], messages: [], result: { origin_ip: '2001:db8::1' } });
  assert.equal((await call(`${base()}/2001:db8::1`, 'DELETE')).status, 404);
  assert.equal(emulator.getMappings(Z).length, 1);
});

test('batch PUT applies valid items and reports invalid ones per item', async () => {
  const res = await call(`${base()}/batch`, 'PUT', [
    { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-west-2' },
    { origin_ip: '2001:db8::2', vendor: 'gcp', region: 'us-central1' },
    { origin_ip: 'nope', vendor: 'aws', region: 'us-east-1' },
    { origin_ip: '192.0.2.3', vendor: 'aws', region: 'mars-1' },
    { origin_ip: '192.0.2.4' },
  ]);
  assert.equal(res.status, 200);
  const result = json(res).result as {
    succeeded: { origin_ip: string }[];
    failed: { origin_ip: string; error: string }[];
  };
  assert.deepEqual(result.succeeded, [
    { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-west-2' },
    { origin_ip: '2001:db8::2', vendor: 'gcp', region: 'us-central1' },
  ]);
  assert.deepEqual(
    result.failed.map((f) => f.origin_ip),
    ['nope', '192.0.2.3', '192.0.2.4'],
  );
  assert.ok(result.failed.every((f) => typeof f.error === 'string' && f.error.length > 0));
  assert.equal(emulator.getMappings(Z).length, 3);
  const tooMany = Array.from({ length: 101 }, (_, i) => ({
    origin_ip: `10.0.0.${i}`,
    vendor: 'aws',
    region: 'us-east-1',
  }));
  const big = await call(`${base()}/batch`, 'PUT', tooMany);
  assert.equal(big.status, 400);
  assert.deepEqual(codes(json(big)), [1146]);
  assert.equal((await call(`${base()}/batch`, 'PUT', { not: 'an array' })).status, 400);
});

test('batch DELETE removes found IPs and reports the rest', async () => {
  const res = await call(`${base()}/batch`, 'DELETE', ['192.0.2.1', '2001:DB8::1', '192.0.2.77', 'bad']);
  assert.equal(res.status, 200);
  const result = json(res).result as { succeeded: unknown[]; failed: { origin_ip: string }[] };
  assert.deepEqual(result.succeeded, [
    { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
    { origin_ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
  ]);
  assert.deepEqual(
    result.failed.map((f) => f.origin_ip),
    ['192.0.2.77', 'bad'],
  );
  assert.equal(emulator.getMappings(Z).length, 0);
  assert.equal((await call(`${base()}/batch`, 'DELETE')).status, 400, 'no body');
});

test('supported_regions lists vendors with upper_tier_colos; Tiered Cache off is 400 code 1159', async () => {
  const res = await call(`${base()}/supported_regions`);
  assert.equal(res.status, 200);
  const result = json(res).result as {
    obtained_codes: boolean;
    vendors: Record<string, { name: string; upper_tier_colos: string[] }[]>;
  };
  assert.equal(result.obtained_codes, true);
  assert.deepEqual(Object.keys(result.vendors).sort(), ['aws', 'azure', 'gcp', 'oci']);
  assert.deepEqual(result.vendors.aws?.[0], { name: 'us-east-1', upper_tier_colos: ['IAD', 'EWR'] });
  const off = await call(`${base(OFF)}/supported_regions`);
  assert.equal(off.status, 400);
  assert.deepEqual(codes(json(off)), [1159]);
  assert.equal(json(off).result, null);
});

test('routing: a zone id that is not 32 lower-case hex is 400 7003; unknown paths 400 7000; wrong methods 405', async () => {
  for (const id of ['abc', 'G'.repeat(32), zone(1).toUpperCase().replace(/0/g, 'A')]) {
    const res = await call(`${emulator.baseUrl}/zones/${id}/origin/cloud_regions`);
    assert.equal(res.status, 400, id);
    assert.deepEqual(codes(json(res)), [7003]);
    assert.match(
      json(res).errors ? ((json(res).errors as { message: string }[])[0]?.message ?? '') : '',
      /Could not route/,
    );
  }
  const unknown = await call(`${emulator.baseUrl}/zones/${Z}/firewall/rules`);
  assert.equal(unknown.status, 400);
  assert.deepEqual(codes(json(unknown)), [7000]);
  const post = await call(base(), 'POST', []);
  assert.equal(post.status, 405);
  assert.equal(emulator.stats().byRoute['POST /zones/{zone_id}/origin/cloud_regions'], 1);
});

test('seed files load; bad seeds and bad zone ids are typed errors that do not echo credentials', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ocr-emulator-'));
  try {
    const file = join(dir, 'seed.json');
    await writeFile(
      file,
      JSON.stringify({ zones: { [Z]: { mappings: seeded } }, credentials: { tokens: ['file-token-1'] } }),
    );
    const e = await CloudflareApiEmulator.start({ seedFile: file });
    try {
      const res = await raw(`${e.baseUrl}/zones/${Z}/origin/cloud_regions`, {
        headers: { authorization: 'Bearer file-token-1' },
      });
      assert.equal((json(res).result_info as { total_count: number }).total_count, 2);
    } finally {
      await e.close();
    }
    await writeFile(
      file,
      JSON.stringify({
        zones: { [Z]: { mappings: [{ origin_ip: 1 }] } },
        credentials: { tokens: [42, 'secret-tok-9'] },
      }),
    );
    await assert.rejects(CloudflareApiEmulator.start({ seedFile: file }), (e: Error) => {
      assert.ok(e instanceof EmulatorSeedError);
      assert.match(e.message, /zones\..*origin_ip/);
      assert.ok(!e.message.includes('secret-tok-9'));
      return true;
    });
    await writeFile(file, '{ nope');
    await assert.rejects(CloudflareApiEmulator.start({ seedFile: file }), EmulatorSeedError);
    await assert.rejects(CloudflareApiEmulator.start({ seedFile: join(dir, 'missing.json') }), /Cannot read/);
    await assert.rejects(
      CloudflareApiEmulator.start({
        seed: { zones: { [Z]: { mappings: [{ origin_ip: '192.000.2.1', vendor: 'aws', region: 'x' }] } } },
      }),
      /not an IP/,
    );
    await assert.rejects(
      CloudflareApiEmulator.start({ seed: { zones: { 'not-a-zone': { mappings: [] } } } }),
      InvalidInputError,
    );
    await assert.rejects(
      CloudflareApiEmulator.start({
        seed: { zones: { [Z]: { mappings: [seeded[1], { ...seeded[1], origin_ip: '2001:db8::1' }] as never } } },
      }),
      /appears twice/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
