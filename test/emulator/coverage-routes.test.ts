import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudflareApiEmulator, DEFAULT_EMULATOR_ACCOUNT } from '../../lib/emulator';

const ZONE = '0'.repeat(31) + '1';
const TOKEN = 'coverage-routes-token';

async function get(emulator: CloudflareApiEmulator, path: string, token = TOKEN) {
  const res = await fetch(`${emulator.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('emulator: the routes coverage reads', () => {
  let emulator: CloudflareApiEmulator;
  before(async () => {
    emulator = await CloudflareApiEmulator.start({
      credentials: { tokens: [TOKEN] },
      seed: {
        zones: {
          [ZONE]: {
            mappings: [],
            dnsRecords: [
              { type: 'A', name: 'a.example.com', content: '192.0.2.1' },
              { type: 'A', name: 'b.example.com', content: '192.0.2.2', proxied: false },
              { type: 'CNAME', name: 'c.example.com', content: 'x.example.net' },
            ],
            loadBalancers: [{ name: 'lb.example.com', default_pools: ['p'.repeat(32)] }],
          },
        },
        accounts: { [DEFAULT_EMULATOR_ACCOUNT]: { pools: [{ id: 'p'.repeat(32), name: 'p', origins: [] }] } },
      },
    });
  });
  after(() => emulator.close());

  it('serves proxied DNS records paged as asked, with result_info', async () => {
    const { status, body } = await get(emulator, `/zones/${ZONE}/dns_records?proxied=true&per_page=1&page=2`);
    assert.equal(status, 200);
    assert.deepEqual(body.result_info, { page: 2, per_page: 1, count: 1, total_count: 2, total_pages: 2 });
    assert.equal((body.result as { name: string }[])[0].name, 'c.example.com');
  });

  it('serves the zone with its account, the load balancers and the pools', async () => {
    const zone = await get(emulator, `/zones/${ZONE}`);
    assert.equal((zone.body.result as { account: { id: string } }).account.id, DEFAULT_EMULATOR_ACCOUNT);
    const lbs = await get(emulator, `/zones/${ZONE}/load_balancers`);
    assert.deepEqual((lbs.body.result as { fallback_pool: string }[])[0].fallback_pool, 'p'.repeat(32));
    const pools = await get(emulator, `/accounts/${DEFAULT_EMULATOR_ACCOUNT}/load_balancers/pools`);
    assert.equal((pools.body.result as { enabled: boolean }[])[0].enabled, true);
  });

  it('checks credentials like the list, and answers 403 code 10000 for a missing permission', async () => {
    assert.notEqual((await get(emulator, `/zones/${ZONE}/dns_records`, 'wrong')).status, 200);
    emulator.setMissingPermissions(['Load Balancers Read']);
    try {
      const denied = await get(emulator, `/zones/${ZONE}/load_balancers`);
      assert.equal(denied.status, 403);
      assert.deepEqual(denied.body.errors, [{ code: 10000, message: 'Authentication error' }]);
      assert.equal((await get(emulator, `/zones/${ZONE}/dns_records`)).status, 200);
    } finally {
      emulator.setMissingPermissions([]);
    }
  });
});
