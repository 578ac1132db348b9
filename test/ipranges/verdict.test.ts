import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { locateIp, verdictFor } from '../../lib/ipranges';
import { PrefixIndex } from '../../lib/ipranges/prefix-index';
import { parseAwsFeed, parseAzureFeed, parseGcpFeed, parseOciFeed } from '../../lib/ipranges/parse';
import { type IpRangeFeed } from '../../lib/ipranges/types';
import { awsFeed, azureFeed, gcpFeed, ociFeed } from './feeds';

const aws = parseAwsFeed(
  awsFeed(
    [
      ['192.0.2.0/24', 'GLOBAL'],
      ['192.0.2.0/26', 'sa-east-1'],
      ['192.0.2.8/29', 'us-east-1'],
    ],
    [
      ['2001:db8::/32', 'GLOBAL'],
      ['2001:db8:1000::/36', 'us-west-2'],
      ['2001:db8:1000:8000::/49', 'eu-west-1'],
    ],
  ),
  'aws',
);
const gcp = parseGcpFeed(
  gcpFeed([
    ['198.51.100.0/24', 'global'],
    ['198.51.100.4/31', 'us-central1'],
    ['2001:db9:2000::/36', 'asia-northeast1'],
  ]),
  'gcp',
);
const oci = parseOciFeed(ociFeed({ 'us-ashburn-1': ['203.0.113.32/27'] }), 'oci');
const azure = parseAzureFeed(
  azureFeed({ centralfrance: ['203.0.113.16/29', '2001:dba:4000::/36'], westeurope: ['203.0.113.0/29'] }),
  'azure',
);
const all = PrefixIndex.build([aws, gcp, oci, azure]);

function verdict(index: PrefixIndex, originIp: string, vendor: string, region: string) {
  return verdictFor(index, { originIp, vendor, region });
}

test('confirmed: the claimed vendor publishes the IP in the claimed region (IPv4 and IPv6)', () => {
  assert.deepEqual(verdict(all, '192.0.2.10', 'aws', 'us-east-1'), {
    verdict: 'confirmed',
    published: { vendor: 'aws', region: 'us-east-1', prefix: '192.0.2.8/29' },
  });
  assert.deepEqual(verdict(all, '2001:db8:1000::20', 'aws', 'us-west-2'), {
    verdict: 'confirmed',
    published: { vendor: 'aws', region: 'us-west-2', prefix: '2001:db8:1000::/36' },
  });
  assert.equal(verdict(all, '203.0.113.40', 'oci', 'us-ashburn-1').verdict, 'confirmed');
  assert.equal(verdict(all, '2001:db9:2000::5', 'gcp', 'asia-northeast1').verdict, 'confirmed');
});

test('nested prefixes: the longest match wins, in both families', () => {
  // /29 us-east-1 inside /26 sa-east-1 inside /24 GLOBAL.
  assert.deepEqual(verdict(all, '192.0.2.10', 'aws', 'sa-east-1'), {
    verdict: 'region_mismatch',
    published: { vendor: 'aws', region: 'us-east-1', prefix: '192.0.2.8/29' },
  });
  assert.equal(verdict(all, '192.0.2.20', 'aws', 'sa-east-1').verdict, 'confirmed');
  assert.deepEqual(verdict(all, '2001:db8:1000:8000::1', 'aws', 'us-west-2'), {
    verdict: 'region_mismatch',
    published: { vendor: 'aws', region: 'eu-west-1', prefix: '2001:db8:1000:8000::/49' },
  });
  assert.equal(verdict(all, '2001:db8:1000:7fff::1', 'aws', 'us-west-2').verdict, 'confirmed');
});

test('anycast: the longest match is AWS GLOBAL or Google global', () => {
  assert.deepEqual(verdict(all, '192.0.2.200', 'aws', 'us-east-1'), {
    verdict: 'anycast',
    published: { vendor: 'aws', region: 'global', prefix: '192.0.2.0/24' },
  });
  assert.deepEqual(verdict(all, '2001:db8:ffff::1', 'aws', 'us-east-1'), {
    verdict: 'anycast',
    published: { vendor: 'aws', region: 'global', prefix: '2001:db8::/32' },
  });
  assert.deepEqual(verdict(all, '198.51.100.77', 'gcp', 'us-central1'), {
    verdict: 'anycast',
    published: { vendor: 'gcp', region: 'global', prefix: '198.51.100.0/24' },
  });
});

test('an Azure alias: the feed says centralfrance, Cloudflare says francecentral', () => {
  assert.deepEqual(verdict(all, '203.0.113.17', 'azure', 'francecentral'), {
    verdict: 'confirmed',
    published: { vendor: 'azure', region: 'francecentral', prefix: '203.0.113.16/29' },
  });
  assert.equal(verdict(all, '2001:dba:4000::1', 'azure', 'francecentral').verdict, 'confirmed');
  assert.deepEqual(verdict(all, '203.0.113.17', 'azure', 'westeurope'), {
    verdict: 'region_mismatch',
    published: { vendor: 'azure', region: 'francecentral', prefix: '203.0.113.16/29' },
  });
});

test('vendor_mismatch names the vendor and region that publish the IP (IPv4 and IPv6)', () => {
  assert.deepEqual(verdict(all, '203.0.113.40', 'aws', 'us-east-1'), {
    verdict: 'vendor_mismatch',
    published: { vendor: 'oci', region: 'us-ashburn-1', prefix: '203.0.113.32/27' },
  });
  assert.deepEqual(verdict(all, '2001:db9:2000::5', 'azure', 'japaneast'), {
    verdict: 'vendor_mismatch',
    published: { vendor: 'gcp', region: 'asia-northeast1', prefix: '2001:db9:2000::/36' },
  });
  // Even when the claimed vendor's own feed is not loaded, another vendor's listing is evidence.
  const noOci = PrefixIndex.build([aws, gcp]);
  assert.equal(verdict(noOci, '198.51.100.5', 'oci', 'us-ashburn-1').verdict, 'vendor_mismatch');
});

test("unpublished: in no feed, while the claimed vendor's feed was read (IPv4 and IPv6)", () => {
  assert.deepEqual(verdict(all, '10.0.0.1', 'aws', 'us-east-1'), { verdict: 'unpublished', published: null });
  assert.deepEqual(verdict(all, '2001:db8:3000::10'.replace('db8', 'dbf'), 'oci', 'eu-frankfurt-1'), {
    verdict: 'unpublished',
    published: null,
  });
});

test("unverified: the claimed vendor's feed is not loaded and no other feed has the IP — never guessed", () => {
  const noAzure = PrefixIndex.build([aws, gcp, oci]);
  assert.deepEqual(verdict(noAzure, '203.0.113.17', 'azure', 'francecentral'), {
    verdict: 'unverified',
    published: null,
  });
  assert.deepEqual(verdict(noAzure, '2001:dba:4000::1', 'azure', 'westeurope'), {
    verdict: 'unverified',
    published: null,
  });
  // A vendor with no feed at all (a value the API may add later).
  assert.equal(verdict(all, '10.0.0.1', 'newcloud', 'x').verdict, 'unverified');
});

test("locate lists every vendor's longest match, most specific first", () => {
  assert.deepEqual(locateIp(all, '203.0.113.17'), [
    { vendor: 'azure', region: 'francecentral', prefix: '203.0.113.16/29' },
  ]);
  assert.deepEqual(locateIp(all, '10.0.0.1'), []);
  assert.deepEqual(locateIp(all, 'not an ip'), []);
  // IPv4-mapped IPv6 is looked up as IPv4.
  assert.deepEqual(locateIp(all, '::ffff:192.0.2.10'), [
    { vendor: 'aws', region: 'us-east-1', prefix: '192.0.2.8/29' },
  ]);
});

/** Brute force: every prefix that contains the address, longest first. */
function bruteForce(feed: IpRangeFeed, ip: string): string | undefined {
  const address = ipaddr.parse(ip);
  let best: { prefix: string; length: number } | undefined;
  for (const p of feed.prefixes) {
    const [net, length] = ipaddr.parseCIDR(p.prefix);
    if (net.kind() === address.kind() && address.match(net, length) && (!best || length > best.length)) {
      best = { prefix: p.prefix, length };
    }
  }
  return best?.prefix;
}

test('property: the index finds the same longest prefix as a brute-force scan', () => {
  const v4Prefix = fc
    .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
    .map(([n, l]) => `${ipaddr.fromByteArray([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString()}/${l}`);
  const v6Prefix = fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
      fc.integer({ min: 0, max: 128 }),
    )
    .map(([b, l]) => `${ipaddr.fromByteArray(b).toString()}/${l}`);
  // Addresses drawn near the prefixes so that matches are common.
  fc.assert(
    fc.property(
      fc.array(fc.oneof(v4Prefix, v6Prefix), { minLength: 1, maxLength: 30 }),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 0xffff })), { minLength: 1, maxLength: 10 }),
      (prefixes, picks) => {
        const feed = parseAwsFeed(
          awsFeed(
            prefixes.filter((p) => !p.includes(':')).map((p) => [p, 'us-east-1']),
            prefixes.filter((p) => p.includes(':')).map((p) => [p, 'us-east-1']),
          ),
          'prop',
        );
        const index = PrefixIndex.build([feed]);
        for (const [i, noise] of picks) {
          const base = ipaddr.parseCIDR(feed.prefixes[i % feed.prefixes.length].prefix)[0].toByteArray();
          base[base.length - 1] ^= noise & 255;
          base[base.length - 2] ^= noise >>> 8;
          const ip = ipaddr.fromByteArray(base).toString();
          assert.equal(index.lookup('aws', ip)?.prefix, bruteForce(feed, ip), ip);
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('a prefix listed under 40,000 regions (10× the largest feed) is indexed once: every region, sorted, no repeats', () => {
  // Untimed (npm run bench -- --parts sizes times it); a sort per added region took minutes here.
  const regions = Array.from({ length: 40_000 }, (_, i) => `region-${(i * 7919) % 40_000}`);
  const prefixes = [...regions, ...regions.slice(0, 100)].map((region) => ({ prefix: '192.0.2.0/24', region }));
  const index = PrefixIndex.build([{ vendor: 'aws', version: 'sizes', prefixes }]);
  const match = index.lookup('aws', '192.0.2.77');
  assert.ok(match);
  assert.equal(match.prefix, '192.0.2.0/24');
  assert.equal(match.regions.length, 40_000);
  assert.deepEqual(match.regions, [...new Set(regions)].sort());
  assert.deepEqual(index.lookup('aws', '::ffff:192.0.2.1')?.regions, match.regions);
});
