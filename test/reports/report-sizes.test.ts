/**
 * The Markdown report at 10× today's fleet (docs/scale.md: about 500 zones): the shape of what fits one GitHub
 * comment. Not timed (`npm run bench -- --parts sizes` times it against a bound); a report that re-renders once per
 * zone it drops takes minutes at this size, past the suite's per-file timeout.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDiffReport } from '../../lib/reports/report';
import { MAX_COMMENT_LENGTH, renderMarkdownReport } from '../../lib/reports/markdown';
import { fleetSides, fleetZoneId } from '../support/generate-zones';

/** The zone ids of the zone headings, in order. */
function shownZones(md: string): string[] {
  return [...md.matchAll(/^### Zone `([0-9a-f]{32})`/gm)].map((m) => m[1]);
}

/** The number of zones the cut note says are left out (0 when none are). */
function hiddenZones(md: string): number {
  const m = /([\d,]+) zones? with changes are not shown/.exec(md);
  return m === null ? 0 : Number(m[1].replace(/,/g, ''));
}

/** The text of each zone's section (its heading up to the next heading or the note). */
function sections(md: string): string[] {
  return md.split(/\n\n(?=### |No drift in |_This report was cut)/).filter((s) => s.startsWith('### '));
}

describe('the Markdown report at 10× the fleet', () => {
  test('5,000 zones with one change each: one comment, the first zones in order, the rest counted', () => {
    const { base, head } = fleetSides(5000);
    const md = renderMarkdownReport(buildDiffReport(base, head));
    assert.ok(md.length <= MAX_COMMENT_LENGTH, `${md.length} characters`);
    assert.match(md.split('\n')[0], /^<!-- origin-cloud-regions:diff:[0-9a-f]{12} -->$/);
    assert.match(md, /^\*\*0 added, 0 removed, 5,000 changed\*\* across 5,000 zones/m);
    const shown = shownZones(md);
    assert.ok(shown.length > 100, `${shown.length} zones shown`);
    assert.deepEqual(
      shown,
      shown.map((_, i) => fleetZoneId(i)),
      'the zones shown are the first ones by id',
    );
    assert.equal(shown.length + hiddenZones(md), 5000);
    assert.match(
      md,
      new RegExp(
        `_This report was cut to fit one GitHub comment \\(at most 60,000 characters\\): 5,000 of 5,000 table rows and ${(5000 - shown.length).toLocaleString('en-US')} zones with changes are not shown\\. Run the same command with \`--format json\` for the complete report\\._\\n$`,
      ),
    );
    // As many zones as fit: one more section would not.
    const smallest = Math.min(...sections(md).map((s) => s.length + 2));
    assert.ok(MAX_COMMENT_LENGTH - md.length < smallest, `${MAX_COMMENT_LENGTH - md.length} characters left`);
  });

  test('any fleet and cap: the report fits, shows a prefix of the zones, and counts the others', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 400, max: 12_000 }),
        fc.integer({ min: 0, max: 60 }),
        (zones, perZone, maxLength, limit) => {
          const { base, head } = fleetSides(zones, perZone);
          const md = renderMarkdownReport(buildDiffReport(base, head), { maxLength, limit });
          assert.ok(md.length <= maxLength, `${md.length} > ${maxLength}`);
          const shown = shownZones(md);
          assert.deepEqual(
            shown,
            shown.map((_, i) => fleetZoneId(i)),
          );
          assert.equal(shown.length + hiddenZones(md), zones);
        },
      ),
      { numRuns: 60 },
    );
  });
});
