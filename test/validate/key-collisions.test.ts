/**
 * Keys Terraform merges (it reads every string in NFC): the map outputs never hold two NFC-equal keys, nothing is
 * lost from the counts, and every origin whose key is rewritten has a `colliding-key` finding. The real
 * `terraform validate` of such stacks is test/e2e/nfc-keys.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { upperTierColosOutput, vendorCountsOutput } from '../../lib/construct/outputs';
import { authorityFromSupportedRegions, catalogAuthority, validateMappings } from '../../lib/validate';
import { mergeNfcEqualKeys, nfcCollisions } from '../../lib/validate/key-collisions';
import type { SupportedRegion, SupportedRegions } from '../../lib/model/supported-regions';
import { hostileString } from '../support/hostile';

function supportedRegionsOf(vendors: Map<string, SupportedRegion[]>): SupportedRegions {
  const out = Object.create(null) as Record<string, SupportedRegion[]>;
  for (const [vendor, regions] of vendors) out[vendor] = regions;
  return { obtainedCodes: true, vendors: out };
}

const PAIRS = [
  ['caf\u00e9', 'cafe\u0301'],
  ['\u212a', 'K'],
  ['\u212b', 'A\u030a', '\u00c5'],
  ['s\u0307\u0323', 's\u0323\u0307', '\u1e69'],
] as const;

test('nfcCollisions groups only spellings NFC makes one; mergeNfcEqualKeys writes each group once under its NFC form', () => {
  assert.deepEqual(
    [...nfcCollisions(['aws', 'caf\u00e9', 'cafe\u0301', 'K', 'x'])],
    [['caf\u00e9', ['cafe\u0301', 'caf\u00e9']]], // in code-unit order
  );
  assert.deepEqual([...nfcCollisions(['cafe\u0301'])], [], 'one spelling alone is no collision');
  const merged = mergeNfcEqualKeys(
    new Map([
      ['b', 1],
      ['cafe\u0301', 2],
      ['a', 3],
      ['caf\u00e9', 4],
    ]),
    (values) => values.reduce((x, y) => x + y, 0),
  );
  assert.deepEqual(
    [...merged],
    [
      ['b', 1],
      ['caf\u00e9', 6],
      ['a', 3],
    ],
  );
});

test('generated keys: no NFC-equal keys in vendor_counts or upper_tier_colos, counts kept, a finding per rewritten origin', () => {
  const spelling = fc
    .tuple(fc.constantFrom(...PAIRS), fc.nat(), hostileString)
    .map(([pair, i, h]) => ({ word: `${h}${pair[0]}`, spellings: pair.map((p) => `${h}${p}`), i }));
  fc.assert(
    fc.property(
      fc.array(fc.tuple(spelling, spelling, fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }),
      (picks) => {
        const mappings = picks.map(([v, r, i, j], n) => ({
          originIp: `192.0.2.${n + 1}`,
          vendor: v.spellings[i % v.spellings.length],
          region: r.spellings[j % r.spellings.length],
        }));
        const vendors = new Map<string, SupportedRegion[]>();
        mappings.forEach((m, n) => {
          const list = vendors.get(m.vendor) ?? [];
          vendors.set(m.vendor, list);
          if (!list.some((x) => x.name === m.region)) list.push({ name: m.region, upperTierColos: [`C${n}`] });
        });
        const authority = authorityFromSupportedRegions(supportedRegionsOf(vendors));
        const counts = vendorCountsOutput(mappings);
        const colos = upperTierColosOutput(mappings, authority);
        assert.equal(nfcCollisions(Object.keys(counts)).size, 0);
        assert.equal(nfcCollisions(Object.keys(colos)).size, 0);
        assert.equal(
          Object.values(counts).reduce((a, b) => a + b, 0),
          mappings.length,
        );
        assert.equal(
          Object.keys(colos).length,
          new Set(mappings.map((m) => `${m.vendor}/${m.region}`.normalize('NFC'))).size,
        );
        const flagged = new Set(
          validateMappings(mappings, authority)
            .filter((f) => f.kind === 'colliding-key')
            .map((f) => f.originIp),
        );
        for (const m of mappings) {
          const placement = `${m.vendor}/${m.region}`;
          const rewritten =
            (m.vendor !== m.vendor.normalize('NFC') && !Object.hasOwn(counts, m.vendor)) ||
            (placement !== placement.normalize('NFC') && !Object.hasOwn(colos, placement));
          assert.equal(flagged.has(m.originIp), rewritten, JSON.stringify(m));
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('without a collision, outputs and findings are as before: a lone non-NFC key is written as it is', () => {
  const mappings = [{ originIp: '192.0.2.1', vendor: 'cafe\u0301', region: 'r' }];
  assert.ok(Object.hasOwn(vendorCountsOutput(mappings), 'cafe\u0301'));
  assert.deepEqual(
    validateMappings(mappings, catalogAuthority()).map((f) => f.kind),
    ['unknown-vendor'],
  );
});
