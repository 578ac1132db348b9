import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OriginCloudRegionsClient } from '../../lib/client';
import type { CloudflareApiEmulator, FaultRule } from '../../lib/emulator';
import { OriginCloudRegionsError } from '../../lib/errors';
import { expected, generateMappings, listPageBodies, options, startEmulator, zone } from './helpers';

/**
 * Property over real HTTP: the emulator serves a randomized, mutated page sequence (its 'envelope'
 * faults replace page bodies); the client's outcome is the exact complete list or a typed error.
 */

const Z = zone(0xf1);
let emulator: CloudflareApiEmulator;

before(async () => {
  emulator = await startEmulator({ [Z]: [] });
});
after(async () => {
  await emulator.close();
});

const edit = fc.record({
  page: fc.nat(),
  field: fc.constantFrom(
    'none',
    'count',
    'total_count',
    'total_pages',
    'page',
    'result',
    'success',
    'swap-item',
    'drop-item',
    'junk',
  ),
  value: fc.oneof(fc.integer({ min: -2, max: 200 }), fc.constant(null), fc.string({ maxLength: 4 }), fc.jsonValue()),
});

test('property over HTTP: randomized page sequences give the exact list or a typed error', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom(5, 10, 100),
      fc.array(edit, { maxLength: 2 }),
      fc.nat(1000),
      async (n, perPage, edits, seed) => {
        const items = generateMappings(n, seed + 1);
        const bodies = listPageBodies(items, perPage);
        let changed = false;
        for (const e of edits) {
          const body = bodies[e.page % bodies.length];
          if (
            typeof body !== 'object' ||
            body === null ||
            Array.isArray(body) ||
            typeof body.result_info !== 'object' ||
            body.result_info === null
          ) {
            changed = true; // already junk; further edits cannot make it valid again
            continue;
          }
          const info = body.result_info as Record<string, unknown>;
          const result = body.result as unknown[];
          switch (e.field) {
            case 'none':
              break;
            case 'count':
            case 'total_count':
            case 'total_pages':
            case 'page':
              changed ||= info[e.field] !== e.value;
              info[e.field] = e.value;
              break;
            case 'result':
            case 'success':
              changed = true;
              body[e.field] = e.value;
              break;
            case 'swap-item':
              if (result.length > 1) result.reverse(); // order within a page does not matter
              break;
            case 'drop-item':
              if (result.length > 0) {
                result.pop();
                changed = true;
              }
              break;
            case 'junk':
              changed = true;
              bodies[e.page % bodies.length] = e.value as Record<string, unknown>;
              break;
          }
        }
        emulator.clearFaults();
        emulator.setMappings(Z, items);
        emulator.addFaults(
          ...bodies.map((body, i): FaultRule => ({
            match: { path: `/zones/${Z}/origin/cloud_regions$`, page: i + 1 },
            kind: 'envelope',
            body,
          })),
        );
        const client = new OriginCloudRegionsClient(options(emulator, { perPage, maxRetries: 0 }));
        try {
          const list = await client.listMappings(Z);
          assert.deepEqual(list.mappings, expected(items), `edits ${JSON.stringify(edits)} gave a wrong list`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          assert.ok(error instanceof OriginCloudRegionsError, `untyped error ${String(error)}`);
          assert.ok(changed, `valid pages were refused: ${String(error)}`);
        } finally {
          await client.close();
        }
      },
    ),
    { numRuns: 60, seed: 7 },
  );
});
