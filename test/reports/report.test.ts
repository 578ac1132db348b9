/**
 * Report rendering, checked against golden files in test/reports/golden/.
 * To regenerate the golden files after an intended change, run:
 *   UPDATE_GOLDEN=1 node --import tsx --test test/reports/report.test.ts
 * and review the diff of test/reports/golden/ before committing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMappingSource, readPlanSides } from '../../lib/readers/mapping-source';
import { buildDiffReport, reportHasDrift, type CheckReport, type DiffReport } from '../../lib/reports/report';
import { renderMarkdownReport } from '../../lib/reports/markdown';
import { assertInertMarkdown } from './markdown-inert';
import { renderJsonReport } from '../../lib/reports/json';
import { compareWithExpectations } from '../../lib/expectations/compare';
import type { OriginCloudRegionMapping } from '../../lib/model/mapping';
import { generateZone, ZONE, ZONE_B } from '../support/generate-zones';

const FIXTURES = path.join(__dirname, '..', 'readers', 'fixtures');
const GOLDEN = path.join(__dirname, 'golden');

function assertGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `output differs from golden ${name}; run with UPDATE_GOLDEN=1 if the change is intended`,
  );
}

/** The report's summary line: the first line after the hidden marker. */
function summaryOf(md: string): string {
  const lines = md.split('\n');
  assert.match(lines[0], /^<!-- origin-cloud-regions:(?:diff|check):[0-9a-f]{12} -->$/);
  assert.equal(lines[1], '');
  return lines[2];
}

function fixturesReport(): DiffReport {
  return buildDiffReport(
    { label: 'snapshot-base.json', zones: readMappingSource(path.join(FIXTURES, 'snapshot-base.json')).zones },
    { label: 'cdktf.out', zones: readMappingSource(path.join(FIXTURES, 'synth-out')).zones },
  );
}

function planReport(file: string): DiffReport {
  const sides = readPlanSides(path.join(FIXTURES, file));
  return buildDiffReport(
    { label: 'plan.json (before)', zones: sides.before },
    { label: 'plan.json (after)', zones: sides.after },
  );
}

/** 3,500 mappings; the head side drops 120, moves 80 and adds 130. */
function largeReport(): { report: DiffReport; removed: number; changed: number; added: number } {
  const base = generateZone(3500, 42);
  const head: OriginCloudRegionMapping[] = [];
  let removed = 0;
  let changed = 0;
  base.forEach((m, i) => {
    if (i % 29 === 0 && removed < 120) removed += 1;
    else if (i % 41 === 1 && changed < 80) {
      changed += 1;
      head.push({ ...m, region: `${m.region}-moved` });
    } else head.push(m);
  });
  const added = generateZone(130, 99, 100_000);
  head.push(...added);
  const report = buildDiffReport(
    { label: 'base.json', zones: [{ zoneId: ZONE, mappings: base, label: 'base.json' }] },
    { label: 'head.json', zones: [{ zoneId: ZONE, mappings: head.reverse(), label: 'head.json' }] },
  );
  return { report, removed, changed, added: added.length };
}

function checkReport(
  reportUnexpected: boolean,
  expected = [
    { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
    { originIp: '192.0.2.20', vendor: 'aws', region: 'eu-west-1' },
    { originIp: '2001:DB8::20', vendor: 'aws', region: 'us-east-1' },
    { originIp: '203.0.113.99', vendor: 'gcp', region: 'us-central1' },
  ],
): CheckReport {
  const live = readMappingSource(path.join(FIXTURES, 'snapshot-base.json')).zones[0].mappings;
  return {
    kind: 'check',
    expectations: 'origins.json',
    zones: [
      {
        zoneId: ZONE,
        liveCount: live.length,
        expectedCount: expected.length,
        reportUnexpected,
        drift: compareWithExpectations(live, expected, { reportUnexpected }),
      },
    ],
  };
}

describe('renderMarkdownReport (golden files)', () => {
  test('snapshot → cdktf.out: added, removed, changed vendor and region, with colos', () => {
    const md = renderMarkdownReport(fixturesReport());
    assert.equal(summaryOf(md), '**2 added, 1 removed, 2 changed** across 1 zone (5 → 6 mappings)');
    assertGolden('diff-fixtures.md', md);
  });

  test('plan read from terraform_data markers, with a zone that only exists after', () => {
    const md = renderMarkdownReport(planReport('plan-marker-only.json'));
    assert.match(md, new RegExp(`### Zone \`${ZONE_B}\` \\(0 → 2 mappings, only in head\\)`));
    assertInertMarkdown(md);
    assertGolden('diff-plan-marker.md', md);
  });

  test('no drift', () => {
    const report = planReport('plan-no-change.json');
    assert.equal(reportHasDrift(report), false);
    assertGolden('diff-no-drift.md', renderMarkdownReport(report));
  });

  test('empty zones on both sides', () => {
    const report = buildDiffReport(
      { label: 'a.json', zones: [{ zoneId: ZONE, mappings: [], label: 'a.json' }] },
      { label: 'b.json', zones: [{ zoneId: ZONE, mappings: [], label: 'b.json' }] },
    );
    assert.equal(reportHasDrift(report), false);
    const md = renderMarkdownReport(report);
    assert.equal(summaryOf(md), 'No drift: 0 mappings unchanged across 1 zone.');
    assert.match(md, new RegExp(`^No drift in 1 zone: zone \`${ZONE}\` \\(0 mappings\\)\\.$`, 'm'));
    assertGolden('diff-empty.md', md);
  });

  test('a 3,500-mapping zone is summarized past 50 rows per table', () => {
    const { report, removed, changed, added } = largeReport();
    const md = renderMarkdownReport(report);
    assert.equal(
      summaryOf(md),
      `**${added} added, ${removed} removed, ${changed} changed** across 1 zone (3,500 → 3,510 mappings)`,
    );
    const rows = md.split('\n').filter((l) => /^\| `(10\.|2001:)/.test(l));
    assert.equal(rows.length, 50 + 50 + 50);
    assert.match(md, new RegExp(`…and ${added - 50} more; run with \`--format json\` for the full list\\.`));
    assert.match(md, new RegExp(`…and ${removed - 50} more; run with \`--format json\` for the full list\\.`));
    assert.match(md, /<details><summary>Show the first 50 of 130 rows<\/summary>/);
    assert.ok(md.length < 30_000, `report is ${md.length} characters`);
    assertInertMarkdown(md);
    assertGolden('diff-large.md', md);
    // --limit changes the cut.
    const short = renderMarkdownReport(report, { limit: 3 });
    assert.equal(short.split('\n').filter((l) => /^\| `(10\.|2001:)/.test(l)).length, 9);
  });

  test('check: missing, mismatched and unexpected', () => {
    const md = renderMarkdownReport(checkReport(true));
    assert.equal(summaryOf(md), '**1 missing, 2 mismatched, 2 unexpected** in 1 zone (5 live mappings, 4 expected)');
    assertGolden('check-drift.md', md);
    const without = renderMarkdownReport(checkReport(false));
    assert.equal(summaryOf(without), '**1 missing, 2 mismatched** in 1 zone (5 live mappings, 4 expected)');
    assert.match(without, /run with `--unexpected` to list them/);
  });

  test('check without drift', () => {
    const report = checkReport(false, [{ originIp: '2001:DB8:0::1', vendor: 'azure', region: 'eastus' }]);
    assert.equal(reportHasDrift(report), false);
    assertGolden('check-no-drift.md', renderMarkdownReport(report));
  });

  test('writes every value from the data as an inert code span', () => {
    const report = buildDiffReport(
      {
        label: 'a|b.json',
        zones: [{ zoneId: ZONE, mappings: [{ originIp: '192.0.2.1', vendor: 'aws', region: 'us|east' }], label: 'a' }],
      },
      {
        label: 'b`c.json',
        zones: [
          {
            zoneId: ZONE,
            zoneLabel: '@org/team :smile: ~~x~~',
            mappings: [
              {
                originIp: '192.0.2.1',
                vendor: 'a*w_s @user',
                region: '<b>x</b> https://x www.x $x$ \u202e',
                upperTierColos: ['I|AD', '``'],
              },
            ],
            label: 'b',
          },
        ],
      },
    );
    const md = renderMarkdownReport(report);
    assertInertMarkdown(md);
    const row = md.split('\n').find((l) => l.startsWith('| `192.0.2.1'))!;
    // Every cell boundary is a real pipe: the row has exactly 6 unescaped pipes (5 cells with the Check column).
    assert.equal(row.match(/(?<!\\)\|/g)!.length, 6);
    assert.match(md, /\\u\{202e\}/, 'the bidi override is shown as an escape');
    assertGolden('diff-escaping.md', md);
  });
});

describe('renderJsonReport', () => {
  test('is complete for a large zone, and stable', () => {
    const { report, removed, changed, added } = largeReport();
    const json = renderJsonReport(report);
    assert.equal(json, renderJsonReport(largeReport().report));
    const data = JSON.parse(json);
    assert.equal(data.format, 'origin-cloud-regions-drift-report');
    assert.equal(data.drift, true);
    assert.deepEqual(data.summary, {
      zones: 1,
      added,
      removed,
      changed,
      unchanged: 3500 - removed - changed,
      before_count: 3500,
      after_count: 3510,
      // The moved regions (`<region>-moved`) are in no catalog: each changed origin is flagged.
      flagged: changed,
      upper_tier_changes: 0,
    });
    const zone = data.zones[0];
    assert.equal(zone.added.length, added);
    assert.equal(zone.removed.length, removed);
    assert.equal(zone.changed.length, changed);
    assert.deepEqual(Object.keys(zone.added[0]), ['origin_ip', 'vendor', 'region', 'upper_tier_colos']);
  });

  test('matches the golden for the fixtures diff, and gives check results', () => {
    assertGolden('diff-fixtures.json', renderJsonReport(fixturesReport()));
    const check = JSON.parse(renderJsonReport(checkReport(true)));
    assert.equal(check.kind, 'check');
    assert.deepEqual(check.zones[0].missing, [{ origin_ip: '203.0.113.99', vendor: 'gcp', region: 'us-central1' }]);
    assert.deepEqual(check.zones[0].mismatched[1], {
      origin_ip: '2001:db8::20',
      expected: { vendor: 'aws', region: 'us-east-1' },
      actual: { vendor: 'oci', region: 'us-ashburn-1' },
    });
    assert.equal(check.summary.unexpected, 2);
  });
});

describe('a report made for one pull-request comment', () => {
  /** 3,500 mappings where every one moved to another region. */
  function everyMappingChanged(): DiffReport {
    const base = generateZone(3500, 7);
    const head = base.map((m) => ({ ...m, region: m.region === 'us-east-1' ? 'us-west-2' : 'us-east-1' }));
    return buildDiffReport(
      { label: 'base.json', zones: [{ zoneId: ZONE, mappings: base, label: 'base.json' }] },
      { label: 'head.json', zones: [{ zoneId: ZONE, mappings: head, label: 'head.json' }] },
    );
  }

  test('a 3,500-mapping zone where every mapping changed fits one comment and says what it left out; JSON stays complete', () => {
    const report = everyMappingChanged();
    const md = renderMarkdownReport(report);
    assert.ok(md.length <= 60_000, `${md.length} characters`);
    assert.equal(summaryOf(md), '**0 added, 0 removed, 3,500 changed** across 1 zone (3,500 → 3,500 mappings)');
    assert.match(md, /…and 3,450 more; run with `--format json` for the full list\./);
    assertInertMarkdown(md);
    const json = JSON.parse(renderJsonReport(report));
    assert.equal(json.zones[0].changed.length, 3500);
    assert.equal(json.summary.changed, 3500);
  });

  test('past the cap, fewer rows are shown and a note says what was left out and how to get all of it', () => {
    const report = everyMappingChanged();
    const md = renderMarkdownReport(report, { limit: 100_000 });
    assert.ok(md.length <= 60_000 && md.length > 50_000, `${md.length} characters`);
    const shown = md.split('\n').filter((l) => /^\| `(10\.|2001:)/.test(l)).length;
    assert.ok(shown > 100 && shown < 3500, `${shown} rows shown`);
    assert.match(
      md,
      new RegExp(
        `_This report was cut to fit one GitHub comment \\(at most 60,000 characters\\): ${(3500 - shown).toLocaleString('en-US')} of 3,500 table rows are not shown\\. Run the same command with \`--format json\` for the complete report\\._\\n$`,
      ),
    );
    assertInertMarkdown(md);
    // Many zones: whole zones are left out when even their headings do not fit.
    const zones = Array.from({ length: 400 }, (_, i) => ({
      zoneId: i.toString(16).padStart(32, '0'),
      mappings: generateZone(5, i),
      label: 'x',
    }));
    const wide = buildDiffReport({ label: 'a', zones: [] }, { label: 'b', zones });
    const cut = renderMarkdownReport(wide, { maxLength: 20_000 });
    assert.ok(cut.length <= 20_000);
    assert.match(
      cut,
      /2,000 table rows and \d+ zones with changes are not shown|table rows and \d+ zones with changes are not shown/,
    );
  });

  test('the hidden marker is the first line, stable between runs, and changes with the zone set', () => {
    const md = renderMarkdownReport(fixturesReport());
    const marker = md.split('\n')[0];
    assert.equal(marker, '<!-- origin-cloud-regions:diff:239a5169e1ad -->');
    assert.equal(renderMarkdownReport(fixturesReport()).split('\n')[0], marker);
    assert.equal(renderMarkdownReport(everyMappingChanged(), { limit: 1 }).split('\n')[0], marker, 'same zone set');
    const two = planReport('plan-marker-only.json');
    assert.notEqual(renderMarkdownReport(two).split('\n')[0], marker);
    assert.match(
      renderMarkdownReport(checkReport(true)).split('\n')[0],
      /^<!-- origin-cloud-regions:check:239a5169e1ad -->$/,
    );
    assert.equal(
      renderMarkdownReport(fixturesReport(), { commentId: 'pr-review/origins' }).split('\n')[0],
      '<!-- origin-cloud-regions:pr-review/origins -->',
    );
    for (const bad of ['a--b', '-x', 'x y', 'a>b', 'x'.repeat(101), '']) {
      assert.throws(() => renderMarkdownReport(fixturesReport(), { commentId: bad }), /comment id may hold letters/);
    }
  });

  test('zones without drift collapse into one line; zone labels are shown; long tables fold into <details>', () => {
    const quiet = Array.from({ length: 25 }, (_, i) => ({
      zoneId: (i + 1).toString(16).padStart(32, 'a'),
      mappings: generateZone(2, i),
      label: 'q',
      ...(i === 0 ? { zoneLabel: 'staging' } : {}),
    }));
    const moved = generateZone(12, 3).map((m) => ({ ...m, region: 'us-east-1' }));
    const report = buildDiffReport(
      { label: 'a', zones: [...quiet, { zoneId: ZONE, mappings: generateZone(12, 3), label: 'a' }] },
      { label: 'b', zones: [...quiet, { zoneId: ZONE, mappings: moved, label: 'b', zoneLabel: 'prod-eu' }] },
    );
    const md = renderMarkdownReport(report);
    assert.match(md, new RegExp(`^### \`prod-eu\` — zone \`${ZONE}\` \\(12 → 12 mappings\\)$`, 'm'));
    const quietLine = md.split('\n').find((l) => l.startsWith('No drift in'))!;
    assert.match(quietLine, /^No drift in 25 zones: zone `a{30}10` \(2 mappings\), /);
    assert.ok(quietLine.includes('`staging` — zone `' + 'a'.repeat(31) + '1` (2 mappings)'), quietLine);
    assert.match(quietLine, /, and 5 more\.$/);
    assert.equal(md.split('\n').filter((l) => l.startsWith('### ')).length, 1);
    const changed = report.zones.find((z) => z.zoneId === ZONE)!.diff.changed.length;
    assert.ok(changed > 10);
    assert.match(md, new RegExp(`<details><summary>Show all ${changed} rows</summary>`));
  });

  test("added and changed origins with an unsupported vendor or region are flagged, first, against the head's own authority", () => {
    const sr = {
      obtainedCodes: true,
      vendors: {
        aws: [
          { name: 'us-east-1', upperTierColos: ['IAD', 'EWR'] },
          { name: 'eu-west-1', upperTierColos: ['DUB'] },
        ],
      },
    };
    const base = [
      { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1', upperTierColos: ['IAD'] },
      { originIp: '192.0.2.2', vendor: 'aws', region: 'us-east-1', upperTierColos: ['IAD'] },
    ];
    const head = [
      { originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1', upperTierColos: ['IAD', 'EWR'] },
      { originIp: '192.0.2.2', vendor: 'aws', region: 'eu-north-1' },
      { originIp: '192.0.2.3', vendor: 'aws', region: 'eu-west-1', upperTierColos: ['DUB'] },
      { originIp: '192.0.2.4', vendor: 'alibaba', region: 'cn-hangzhou' },
      { originIp: '192.0.2.5', vendor: 'aws', region: 'us-east1' },
    ];
    const report = buildDiffReport(
      { label: 'a', zones: [{ zoneId: ZONE, mappings: base, label: 'a' }] },
      { label: 'b', zones: [{ zoneId: ZONE, mappings: head, label: 'b', supportedRegions: sr }] },
    );
    const zone = report.zones[0];
    assert.equal(zone.validatedBy, 'supported_regions');
    assert.deepEqual(
      zone.flagged.map((f) => [f.originIp, f.kind, f.suggestion]),
      [
        ['192.0.2.2', 'unknown-region', undefined],
        ['192.0.2.4', 'unknown-vendor', undefined],
        ['192.0.2.5', 'unknown-region', 'us-east-1'],
      ],
    );
    const md = renderMarkdownReport(report);
    assertInertMarkdown(md);
    assert.match(
      md,
      /⚠️ \*\*3 findings about added or changed origins: a vendor or region that is not supported\.\*\*/,
    );
    assert.match(md, /checked against the zone's supported regions in the head snapshot/);
    const added = md
      .split('#### Added: 3')[1]
      .split('####')[0]
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    assert.deepEqual(
      added.map((l) => l.split(' | ')[0]),
      ['| `192.0.2.4`', '| `192.0.2.5`', '| `192.0.2.3`'],
      'flagged rows first',
    );
    assert.match(added[0], /\| ⚠️ vendor not supported \|$/);
    assert.match(added[1], /\| ⚠️ region not supported; did you mean `us-east-1`\? \|$/);
    assert.match(added[2], /\| {2}\|$/);
    // The upper tier of a region used on both sides changed: named, with before → after.
    assert.deepEqual(zone.upperTierChanges, [
      { vendor: 'aws', region: 'us-east-1', before: ['IAD'], after: ['IAD', 'EWR'], origins: 1 },
    ]);
    assert.match(md, /^#### Upper tier changed \(the data centers that fill cache misses\): 1$/m);
    assert.match(md, /^\| `aws` \| `us-east-1` \| 1 \| `IAD` → `IAD`, `EWR` \|$/m);
    assert.match(summaryOf(md), /; the upper tier changed for 1 region$/);
    // Without supported regions, the catalog decides; with a recorded validation, that is used as is.
    const catalog = buildDiffReport(
      { label: 'a', zones: [{ zoneId: ZONE, mappings: base, label: 'a' }] },
      { label: 'b', zones: [{ zoneId: ZONE, mappings: head, label: 'b' }] },
    ).zones[0];
    assert.equal(catalog.validatedBy, 'catalog');
    assert.deepEqual(
      catalog.flagged.map((f) => f.originIp),
      ['192.0.2.4', '192.0.2.5'],
      'eu-north-1 is a real aws region',
    );
    const recorded = buildDiffReport(
      { label: 'a', zones: [{ zoneId: ZONE, mappings: base, label: 'a' }] },
      {
        label: 'b',
        zones: [
          {
            zoneId: ZONE,
            mappings: head,
            label: 'b',
            validation: {
              authority: 'supported_regions',
              findings: [
                { originIp: '192.0.2.1', kind: 'unknown-region', value: 'x', message: 'm' },
                { originIp: '192.0.2.3', kind: 'implausible-value', value: 'x', message: 'm' },
              ],
            },
          },
        ],
      },
    ).zones[0];
    assert.equal(recorded.validatedBy, 'synth');
    assert.deepEqual(
      recorded.flagged.map((f) => f.originIp),
      ['192.0.2.3'],
      'only added or changed origins',
    );
  });
});
