import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEED_VENDORS } from '../../lib/ipranges';
import { IpRangeFeedError } from '../../lib/errors/ip-ranges';
import {
  MAX_FEED_BYTES,
  parseAwsFeed,
  parseAzureFeed,
  parseFeed,
  parseGcpFeed,
  parseOciFeed,
} from '../../lib/ipranges/parse';
import { OriginCloudRegionsError } from '../../lib/errors';
import { awsFeed, azureFeed, gcpFeed, ociFeed } from './feeds';

test('AWS: IPv4 and IPv6 prefixes with their region; GLOBAL becomes global; a prefix listed per service once', () => {
  const text = JSON.stringify({
    syncToken: '1700000000',
    createDate: '2026-11-30-00-00-00',
    prefixes: [
      { ip_prefix: '192.0.2.0/24', region: 'GLOBAL', service: 'AMAZON', network_border_group: 'GLOBAL' },
      { ip_prefix: '192.0.2.0/26', region: 'sa-east-1', service: 'AMAZON', network_border_group: 'sa-east-1' },
      { ip_prefix: '192.0.2.0/26', region: 'sa-east-1', service: 'EC2', network_border_group: 'sa-east-1' },
      { ip_prefix: '192.0.2.64/26', region: 'us-east-1', service: 'EC2', network_border_group: 'us-east-1-atl-1' },
    ],
    ipv6_prefixes: [{ ipv6_prefix: '2001:DB8:0:0::/32', region: 'us-west-2', service: 'EC2' }],
  });
  const feed = parseAwsFeed(text, 'aws.json');
  assert.equal(feed.vendor, 'aws');
  assert.equal(feed.version, '1700000000');
  assert.deepEqual(feed.prefixes, [
    { prefix: '192.0.2.0/24', region: 'global' },
    { prefix: '192.0.2.0/26', region: 'sa-east-1' },
    { prefix: '192.0.2.64/26', region: 'us-east-1' },
    { prefix: '2001:db8::/32', region: 'us-west-2' },
  ]);
});

test('Google: ipv4Prefix or ipv6Prefix with scope; Oracle: regions and cidrs', () => {
  const g = parseGcpFeed(
    gcpFeed([
      ['198.51.100.0/24', 'global'],
      ['2001:db8:2000::/36', 'asia-northeast1'],
    ]),
    'g',
  );
  assert.equal(g.version, '1700000000001');
  assert.deepEqual(g.prefixes, [
    { prefix: '198.51.100.0/24', region: 'global' },
    { prefix: '2001:db8:2000::/36', region: 'asia-northeast1' },
  ]);
  const o = parseOciFeed(ociFeed({ 'us-ashburn-1': ['203.0.113.32/27'] }), 'o');
  assert.equal(o.version, '2026-11-30T00:00:00.000000');
  assert.deepEqual(o.prefixes, [{ prefix: '203.0.113.32/27', region: 'us-ashburn-1' }]);
});

test('Azure: only AzureCloud.<region> tags, region names mapped to Cloudflare spelling', () => {
  const a = parseAzureFeed(azureFeed({ centralfrance: ['203.0.113.16/29'], westeurope: ['2001:db8:4000::/36'] }), 'a');
  assert.equal(a.version, '42');
  assert.deepEqual(a.prefixes, [
    { prefix: '203.0.113.16/29', region: 'francecentral' },
    { prefix: '2001:db8:4000::/36', region: 'westeurope' },
  ]);
});

test('host bits are cleared and a byte order mark is accepted', () => {
  const feed = parseAwsFeed('\uFEFF' + awsFeed([['192.0.2.77/24', 'us-east-1']]), 'aws.json');
  assert.deepEqual(feed.prefixes, [{ prefix: '192.0.2.0/24', region: 'us-east-1' }]);
});

function assertFeedError(run: () => unknown, vendor: string, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof IpRangeFeedError, String(error));
    assert.ok(error instanceof OriginCloudRegionsError);
    assert.equal(error.code, 'OCR_IP_RANGE_FEED');
    assert.equal(error.vendor, vendor);
    assert.match(error.message, pattern);
    assert.match(error.message, /unverified\.$/);
    return true;
  });
}

test('an HTML error page, non-JSON text or a wrong shape is a typed error naming the vendor', () => {
  const html = '<!DOCTYPE html><html><body>503 Service Unavailable</body></html>';
  for (const vendor of FEED_VENDORS) {
    assertFeedError(() => parseFeed(vendor, html, 'x'), vendor, /HTML/);
    assertFeedError(() => parseFeed(vendor, '{"prefixes": [', 'x'), vendor, /not valid JSON/);
    assertFeedError(() => parseFeed(vendor, '[]', 'x'), vendor, /not a JSON object/);
  }
  assertFeedError(() => parseAwsFeed(JSON.stringify({ syncToken: '1', prefixes: {} }), 'x'), 'aws', /"prefixes"/);
  assertFeedError(() => parseAwsFeed(JSON.stringify({ prefixes: [], ipv6_prefixes: [] }), 'x'), 'aws', /syncToken/);
  assertFeedError(() => parseGcpFeed(gcpFeed([]).replace('"prefixes"', '"items"'), 'x'), 'gcp', /"prefixes"/);
  assertFeedError(
    () => parseGcpFeed(JSON.stringify({ syncToken: '1', prefixes: [{ scope: 'us-east1' }] }), 'x'),
    'gcp',
    /neither or both/,
  );
  assertFeedError(
    () => parseOciFeed(JSON.stringify({ last_updated_timestamp: 'x', regions: [1] }), 'x'),
    'oci',
    /regions\[0\]/,
  );
  assertFeedError(() => parseAzureFeed(JSON.stringify({ changeNumber: 1, values: [] }), 'x'), 'azure', /AzureCloud/);
  // The AWS file given as the Azure feed: a wrong shape, named as Azure's.
  assertFeedError(() => parseAzureFeed(awsFeed([['192.0.2.0/24', 'us-east-1']]), 'x'), 'azure', /changeNumber/);
});

test('invalid prefixes and implausible regions are refused, quoted inertly', () => {
  for (const bad of [
    '192.0.2.0/33',
    '192.0.2.0',
    '192.0.2.0/24 ',
    '999.0.2.0/24',
    'fe80::1%eth0/64',
    '2001:db8::/129',
  ]) {
    assertFeedError(() => parseAwsFeed(awsFeed([[bad, 'us-east-1']]), 'x'), 'aws', /invalid prefix/);
  }
  assertFeedError(
    () => parseAwsFeed(awsFeed([['192.0.2.0/24', 'us-east-1\u001b[31m']]), 'x'),
    'aws',
    /implausible region us-east-1\\x1b\[31m at prefixes\[0\]\.region/,
  );
  assertFeedError(
    () => parseGcpFeed(gcpFeed([['192.0.2.0/24', '${file("/etc/passwd")}']]), 'x'),
    'gcp',
    /implausible region/,
  );
  assertFeedError(() => parseAwsFeed(awsFeed([]).replace('"1700000000"', '"a\\nb"'), 'x'), 'aws', /syncToken/);
});

test('a feed larger than the limit is refused before parsing', () => {
  assertFeedError(() => parseOciFeed(' '.repeat(MAX_FEED_BYTES + 1), 'x'), 'oci', /larger than/);
});
