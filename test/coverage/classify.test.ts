import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  classifyCoverage,
  coverageJson,
  dnsSource,
  poolSource,
  renderCoverageMarkdown,
  type PlacementLookup,
  type ZoneOrigins,
} from '../../lib/coverage';
import { hostileString } from '../support/hostile';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

// A stand-in for the feeds: 192.0.2.0/25 is aws/us-east-1, 192.0.2.128/25 aws/eu-west-1, 198.51.100.0/24 is
// anycast (aws/global), 203.0.113.0/24 is listed by two vendors; anything else is unpublished.
const place: PlacementLookup = (ip) => {
  const last = Number(ip.split('.').at(-1));
  if (ip.startsWith('192.0.2.'))
    return [{ vendor: 'aws', region: last < 128 ? 'us-east-1' : 'eu-west-1', prefix: '192.0.2.0/25' }];
  if (ip.startsWith('198.51.100.')) return [{ vendor: 'aws', region: 'global', prefix: '198.51.100.0/24' }];
  if (ip.startsWith('203.0.113.'))
    return [
      { vendor: 'gcp', region: 'us-central1', prefix: '203.0.113.0/25' },
      { vendor: 'aws', region: 'us-east-1', prefix: '203.0.113.0/24' },
    ];
  return [];
};

function origins(partial: Partial<ZoneOrigins> = {}): ZoneOrigins {
  return { zoneId: ZONE, origins: [], pools: [], read: ['dns_records', 'load_balancers'], missing: [], ...partial };
}

describe('classifyCoverage', () => {
  const zone = origins({
    origins: [
      { kind: 'ip', address: '192.0.2.10', sources: [dnsSource('A', 'api.example.com')] },
      { kind: 'ip', address: '192.0.2.20', sources: [dnsSource('A', 'new.example.com'), poolSource('pool-a', 'o1')] },
      { kind: 'ip', address: '192.0.2.200', sources: [poolSource('pool-a', 'o2')] },
      { kind: 'ip', address: '198.51.100.7', sources: [dnsSource('A', 'cdn.example.com')] },
      { kind: 'ip', address: '203.0.113.9', sources: [dnsSource('A', 'two.example.com')] },
      { kind: 'ip', address: '100.64.0.1', sources: [dnsSource('A', 'own.example.com')] },
      {
        kind: 'hostname',
        address: 'my-alb-1.us-east-1.elb.amazonaws.com',
        sources: [dnsSource('CNAME', 'www.example.com')],
      },
      { kind: 'hostname', address: 'origin.example.net', sources: [poolSource('pool-b', 'h1')] },
    ],
    pools: [{ name: 'pool-a', addresses: ['192.0.2.20', '192.0.2.200'] }],
  });
  const mappings = [
    { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
    { originIp: '192.0.2.99', vendor: 'aws', region: 'us-east-1' },
  ];

  it('sorts origins into mapped, unmapped with a suggestion, unknown, orphaned and hostnames', () => {
    const report = classifyCoverage(zone, mappings, place);
    assert.equal(report.mapped, 1);
    assert.deepEqual(report.unmapped, [
      { ip: '192.0.2.20', sources: ['dns:A new.example.com', 'pool:pool-a/o1'], suggested: 'aws/us-east-1' },
      { ip: '192.0.2.200', sources: ['pool:pool-a/o2'], suggested: 'aws/eu-west-1' },
    ]);
    assert.deepEqual(
      report.unknown.map((u) => [u.ip, u.published]),
      [
        ['100.64.0.1', []],
        ['198.51.100.7', ['aws/global']],
        ['203.0.113.9', ['gcp/us-central1', 'aws/us-east-1']],
      ],
    );
    assert.deepEqual(report.orphaned, [{ ip: '192.0.2.99', mapping: 'aws/us-east-1' }]);
    assert.deepEqual(
      report.hostnames.map((h) => [h.name, h.changingAddresses]),
      [
        ['my-alb-1.us-east-1.elb.amazonaws.com', 'aws-elb'],
        ['origin.example.net', null],
      ],
    );
    assert.deepEqual(report.mixedPools, [{ pool: 'pool-a', placements: ['aws/eu-west-1', 'aws/us-east-1'] }]);
  });

  it('classifies the recorded addresses of a resolved hostname as origins with a host: source', () => {
    const resolved = origins({
      origins: [
        {
          kind: 'hostname',
          address: 'lb.example.net',
          sources: ['dns:CNAME www.example.com'],
          resolved: ['192.0.2.5'],
        },
      ],
    });
    const report = classifyCoverage(resolved, [], place);
    assert.deepEqual(report.unmapped, [
      { ip: '192.0.2.5', sources: ['host:lb.example.net'], suggested: 'aws/us-east-1' },
    ]);
    assert.deepEqual(report.hostnames[0].resolved, ['192.0.2.5']);
  });

  it('carries missing sources into the report, so a partial report says so', () => {
    const missing = [
      { source: 'pools' as const, permission: 'Load Balancing: Monitors and Pools Read', reason: '403 Forbidden' },
    ];
    const report = classifyCoverage(origins({ missing }), mappings, place);
    assert.deepEqual(report.missing, missing);
    const md = renderCoverageMarkdown([report]);
    assert.match(md, /Partial/);
    assert.match(md, /Load Balancing: Monitors and Pools Read/);
    assert.equal((coverageJson([report]) as { zones: { complete: boolean }[] }).zones[0].complete, false);
  });

  it('keeps hostile record and pool names inert in the Markdown report', () => {
    fc.assert(
      fc.property(hostileString, hostileString, (record, pool) => {
        const hostile = origins({
          origins: [
            { kind: 'ip', address: '192.0.2.20', sources: [dnsSource('A', record), poolSource(pool, record)] },
            { kind: 'hostname', address: record.toLowerCase(), sources: [dnsSource('CNAME', record)] },
          ],
          pools: [{ name: pool, addresses: ['192.0.2.20'] }],
        });
        const md = renderCoverageMarkdown([classifyCoverage(hostile, [], place)]);
        // eslint-disable-next-line no-control-regex -- what must not reach the comment
        assert.doesNotMatch(md, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
          // Every cell of a data row is a code span (or plain words we wrote): no markup of the data escapes it.
          const cells = line.slice(2, -2).split(/(?<!\\)\| /);
          for (const cell of cells) assert.ok(!/^[^`]*[@<$:~]/.test(cell.trim()) || cell.trim() === '', `cell ${cell}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fits one comment however many gaps there are, and says it was cut', () => {
    const many = origins({
      origins: Array.from({ length: 5000 }, (_, i) => ({
        kind: 'ip' as const,
        address: `192.0.${2 + Math.floor(i / 100)}.${i % 100}`,
        sources: [dnsSource('A', `host-${i}.example.com`)],
      })),
    });
    const everywhere: PlacementLookup = () => [{ vendor: 'aws', region: 'us-east-1', prefix: '192.0.0.0/16' }];
    const md = renderCoverageMarkdown([classifyCoverage(many, [], everywhere)]);
    assert.ok(md.length <= 60_000, `${md.length}`);
    assert.match(md, /^<!-- origin-cloud-regions:coverage:[0-9a-f]{12} -->\n/);
    assert.match(md, /--format json/);
  });
});
