/**
 * Verdicts against excerpts of the vendors' real feeds (test/ipranges/fixtures/*-excerpt.json; each file's
 * `_excerpt` field names the feed version and date it was cut from).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FEED_VENDORS, verdictFor, type FeedVendor } from '../../lib/ipranges';
import { azureRegionNamesFromTags } from '../../lib/ipranges/azure-regions';
import { parseFeed } from '../../lib/ipranges/parse';
import { PrefixIndex } from '../../lib/ipranges/prefix-index';
import { catalogAuthority, validateMappings } from '../../lib/validate';
import { ipRangeFindings } from '../../lib/validate/ip-range-findings';

const FIXTURES = path.join(__dirname, 'fixtures');
const text = (vendor: FeedVendor): string => fs.readFileSync(path.join(FIXTURES, `${vendor}-excerpt.json`), 'utf8');
const feeds = FEED_VENDORS.map((v) => parseFeed(v, text(v), `${v}-excerpt.json`));
const index = PrefixIndex.build(feeds);
const verdict = (originIp: string, vendor: string, region: string) => verdictFor(index, { originIp, vendor, region });

// Service Tags changeNumber 375: AzureCloud.<spelling> holds these prefixes.
const AZURE_SPELLINGS = [
  { ip: '4.184.0.10', spelling: 'germanyn', region: 'germanynorth' },
  { ip: '4.220.128.10', spelling: 'norwayw', region: 'norwaywest' },
  { ip: '4.251.208.10', spelling: 'southfrance', region: 'francesouth' },
  { ip: '4.226.128.10', spelling: 'switzerlandw', region: 'switzerlandwest' },
];

test('Azure changeNumber 375: the four regions it spells its own way are confirmed under their Cloudflare names', () => {
  for (const { ip, region } of AZURE_SPELLINGS) {
    assert.equal(verdict(ip, 'azure', region).verdict, 'confirmed', `${ip} azure/${region}`);
  }
  // A strict synth turns findings into errors: none for correct data.
  const verdicts = AZURE_SPELLINGS.map((a) => ({
    originIp: a.ip,
    vendor: 'azure',
    region: a.region,
    ...verdict(a.ip, 'azure', a.region),
  }));
  assert.deepEqual(ipRangeFindings(verdicts), []);
});

test('the translation comes from the feed itself: its regional tags (Sql.GermanyNorth has region germanyn)', () => {
  const values = (JSON.parse(text('azure')) as { values: { name: string; properties: { region: string } }[] }).values;
  const names = azureRegionNamesFromTags(values.map((v) => ({ name: v.name, region: v.properties.region })));
  for (const { spelling, region } of AZURE_SPELLINGS) assert.equal(names.get(spelling), region, spelling);
  // A region its tags spell the Resource Manager way stays itself.
  assert.equal(names.get('westeurope'), 'westeurope');
  // Without regional tags the sourced table decides: the same answers.
  const bare = JSON.stringify({
    changeNumber: 375,
    values: values.filter((v) => v.name.startsWith('AzureCloud')),
  });
  const regions = new Set(parseFeed('azure', bare, 'bare').prefixes.map((p) => p.region));
  for (const { region } of AZURE_SPELLINGS) assert.ok(regions.has(region), region);
});

test('every catalog Azure region the real feed names resolves to a catalog region', () => {
  const azure = catalogAuthority().vendors.get('azure')!;
  const published = new Set(feeds.find((f) => f.vendor === 'azure')!.prefixes.map((p) => p.region));
  published.delete('unknown');
  for (const region of published) assert.ok(azure.has(region), `${region} is not a catalog region`);
  for (const { region } of AZURE_SPELLINGS) assert.ok(published.has(region));
});

test('an Azure prefix only in the global AzureCloud tag is vendor_only (Azure is right, the region unknown)', () => {
  assert.deepEqual(verdict('9.205.0.1', 'azure', 'eastus'), {
    verdict: 'vendor_only',
    published: { vendor: 'azure', region: 'unknown', prefix: '9.205.0.0/17' },
  });
  // Another vendor claiming it: a vendor mismatch whose did-you-mean names the vendor, never a pseudo-region.
  const other = {
    originIp: '9.205.0.1',
    vendor: 'aws',
    region: 'us-east-1',
    ...verdict('9.205.0.1', 'aws', 'us-east-1'),
  };
  assert.equal(other.verdict, 'vendor_mismatch');
  const [finding] = ipRangeFindings([other]);
  assert.equal(finding.suggestion, 'azure');
  assert.doesNotMatch(finding.message, /unknown/);
  // A global-tag prefix that a regional tag also lists keeps its region (AzureCloud.eastasia has 4.144.0.0/17).
  assert.equal(verdict('4.144.0.1', 'azure', 'eastasia').verdict, 'confirmed');
});

test('a mapping inside an AWS GLOBAL (CloudFront) prefix: no did-you-mean names "global"', () => {
  const claimed = { originIp: '23.228.249.7', vendor: 'gcp', region: 'us-central1' };
  const v = { ...claimed, ...verdict(claimed.originIp, claimed.vendor, claimed.region) };
  assert.deepEqual(v.published, { vendor: 'aws', region: 'global', prefix: '23.228.249.0/24' });
  const [finding] = ipRangeFindings([v]);
  assert.equal(finding.suggestion, 'aws');
  assert.doesNotMatch(finding.message, /"aws\/global"|did you mean "global"/);
  assert.match(finding.message, /aws publishes it as a global \(anycast\) address \(prefix 23\.228\.249\.0\/24\)/);
  assert.equal(verdict('23.228.249.7', 'aws', 'us-east-1').verdict, 'anycast');
});

test('regions newer than the old catalog: confirmed by the feed and valid for the catalog, no other vendor suggested', () => {
  const mappings = [
    { originIp: '51.168.0.10', vendor: 'aws', region: 'me-west-1' },
    { originIp: '34.22.0.10', vendor: 'gcp', region: 'us-central2' },
    { originIp: '168.129.192.10', vendor: 'oci', region: 'us-abilene-1' },
  ];
  for (const m of mappings) assert.equal(verdict(m.originIp, m.vendor, m.region).verdict, 'confirmed', m.region);
  // supported_regions down: the catalog decides.
  assert.deepEqual(validateMappings(mappings, catalogAuthority()), []);
});

test('with the AWS feed broken, a GCP-claimed IP no loaded feed lists is unverified, not unpublished', () => {
  const noAws = PrefixIndex.build(feeds.filter((f) => f.vendor !== 'aws'));
  assert.equal(
    verdictFor(noAws, { originIp: '192.0.2.1', vendor: 'gcp', region: 'us-central1' }).verdict,
    'unverified',
  );
  assert.equal(verdict('192.0.2.1', 'gcp', 'us-central1').verdict, 'unpublished');
});
