import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OriginCloudRegionsClient } from '../../lib/client';
import { collectZoneOrigins } from '../../lib/coverage';
import { CloudflareApiEmulator } from '../../lib/emulator';
import { CloudflareApiError } from '../../lib/errors';

const ZONE = 'a'.repeat(32);
const ACCOUNT = 'b'.repeat(32);
const TOKEN = 'collect-test-token';

describe('collectZoneOrigins', () => {
  let emulator: CloudflareApiEmulator;
  let client: OriginCloudRegionsClient;

  before(async () => {
    emulator = await CloudflareApiEmulator.start({ credentials: { tokens: [TOKEN] } });
    client = new OriginCloudRegionsClient({ baseUrl: emulator.baseUrl, apiToken: TOKEN, maxRetries: 1 });
  });
  after(async () => {
    await client.close();
    await emulator.close();
  });

  it('reads every page of a zone with 12,001 proxied records, three requests of 5,000', async () => {
    const dnsRecords = Array.from({ length: 12_001 }, (_, i) => ({
      type: i % 2 === 0 ? 'A' : 'AAAA',
      name: `h${i}.example.com`,
      content: i % 2 === 0 ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : `2001:db8::${i.toString(16)}`,
    }));
    emulator.setCoverage(ZONE, {
      dnsRecords: [...dnsRecords, { type: 'A', name: 'off.example.com', content: '10.9.9.9', proxied: false }],
    });
    emulator.resetStats();
    const origins = await collectZoneOrigins(client, ZONE);
    assert.equal(origins.origins.length, 12_001);
    assert.equal(emulator.stats().byRoute['GET /zones/{zone_id}/dns_records'], 3);
    assert.deepEqual(origins.read, ['dns_records', 'load_balancers']);
    assert.deepEqual(origins.missing, []);
    assert.ok(!origins.origins.some((o) => o.address === '10.9.9.9'), 'unproxied records are no origins');
  });

  it('leaves out CNAMEs to names of the zone, disabled pools and origins, and pools no load balancer uses', async () => {
    emulator.setCoverage(ZONE, {
      account: ACCOUNT,
      dnsRecords: [
        { type: 'A', name: 'api.example.com', content: '192.0.2.1' },
        { type: 'CNAME', name: 'www.example.com', content: 'API.example.com.' },
        { type: 'CNAME', name: 'shop.example.com', content: 'lb.example.com' },
        { type: 'CNAME', name: 'cdn.example.com', content: 'd111111abcdef8.cloudfront.net' },
      ],
      loadBalancers: [{ name: 'lb.example.com', default_pools: ['1'.repeat(32), '2'.repeat(32)] }],
    });
    emulator.setAccount(ACCOUNT, {
      pools: [
        {
          id: '1'.repeat(32),
          name: 'p1',
          origins: [
            { name: 'o1', address: '192.0.2.1' },
            { name: 'o2', address: '192.0.2.2', enabled: false },
          ],
        },
        { id: '2'.repeat(32), name: 'p2', enabled: false, origins: [{ name: 'o3', address: '192.0.2.3' }] },
        { id: '3'.repeat(32), name: 'p3', origins: [{ name: 'o4', address: '192.0.2.4' }] },
      ],
    });
    const origins = await collectZoneOrigins(client, ZONE, {
      resolve: (name) =>
        Promise.resolve(name === 'd111111abcdef8.cloudfront.net' ? ['192.0.2.9', '192.0.2.9', 'not-an-ip'] : []),
    });
    assert.deepEqual(origins.origins, [
      { kind: 'ip', address: '192.0.2.1', sources: ['dns:A api.example.com', 'pool:p1/o1'] },
      {
        kind: 'hostname',
        address: 'd111111abcdef8.cloudfront.net',
        sources: ['dns:CNAME cdn.example.com'],
        resolved: ['192.0.2.9'],
      },
    ]);
    assert.deepEqual(origins.pools, [{ name: 'p1', addresses: ['192.0.2.1'] }]);
    assert.deepEqual(origins.read, ['dns_records', 'zone', 'load_balancers', 'pools']);
  });

  it('a 403 on the zone read leaves the pools missing too, each with its reason', async () => {
    emulator.setMissingPermissions(['Zone Read']);
    try {
      const origins = await collectZoneOrigins(client, ZONE);
      assert.deepEqual(
        origins.missing.map((m) => [m.source, m.permission]),
        [
          ['zone', 'Zone Read'],
          ['pools', 'Load Balancing: Monitors and Pools Read'],
        ],
      );
      assert.match(origins.missing[1].reason, /account id is unknown/);
    } finally {
      emulator.setMissingPermissions([]);
    }
  });

  it('any other refusal fails the collection: only a 403 is a missing source', async () => {
    emulator.addFaults({ match: { path: 'load_balancers/pools' }, kind: 'status', status: 404, times: 1 });
    try {
      await assert.rejects(
        collectZoneOrigins(client, ZONE),
        (e) => e instanceof CloudflareApiError && e.status === 404,
      );
    } finally {
      emulator.clearFaults();
    }
  });
});
