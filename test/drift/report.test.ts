/**
 * Report rendering, checked against golden files in test/drift/golden/.
 * To regenerate the golden files after an intended change, run:
 *   UPDATE_GOLDEN=1 node --import tsx --test test/drift/report.test.ts
 * and review the diff of test/drift/golden/ before committing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMappingSource, readPlanSides } from '../../lib/drift/sources';
import { buildDiffReport, reportHasDrift, type CheckReport, type DiffReport } from '../../lib/drift/report';
import { renderMarkdownReport } from '../../lib/drift/report-markdown';
import { assertInertMarkdown } from './markdown-inert';
import { renderJsonReport } from '../../lib/drift/report-json';
import { compareWithExpectations } from '../../lib/drift/expectations';
import type { OriginCloudRegionMapping } from '../../lib/model/mapping';
import { generateZone, ZONE, ZONE_B } from './generate';

const FIXTURES = path.join(__dirname, 'fixtures');
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
