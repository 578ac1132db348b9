/**
 * Files and folders given to diff: unparsable files are errors naming them, links out of a folder are
 * refused, only regular files up to 64 MiB are read (a FIFO or /dev/zero never hangs), snapshots pass
 * the value rules, and data named like JavaScript built-ins is data.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readMappingSource, readPlanSides } from '../../lib/readers/mapping-source';
import { buildDiffReport } from '../../lib/reports/report';
import { renderMarkdownReport } from '../../lib/reports/markdown';
import {
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
} from '../../lib/errors/mapping-source';
import { DEFAULT_MAX_INPUT_BYTES } from '../../lib/files/read-regular-file';
import { OriginCloudRegionsError } from '../../lib/errors';
import { hasUnsafeCharacters } from '../../lib/sinks/terminal';
import { assertInertMarkdown } from '../reports/markdown-inert';
import { ZONE, ZONE_B } from '../support/generate-zones';

const FIXTURES = path.join(__dirname, 'fixtures');
const SECRET = 'tok-3c5e7a9b1d2f4608';

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-files-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function folder(): string {
  n += 1;
  const dir = path.join(tmp, `case-${n}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function snapshot(zoneId = ZONE, edit: (s: Record<string, unknown>) => void = () => undefined): string {
  const data = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'snapshot-base.json'), 'utf8'));
  data.zoneId = zoneId;
  edit(data);
  return JSON.stringify(data, null, 2);
}

/** Asserts a typed error whose message names `file`, matches `pattern` and carries no raw control character or secret. */
function assertError(fn: () => unknown, type: new (...args: never[]) => Error, file: string, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `${String(e)} is a ${type.name}`);
    assert.ok(e instanceof OriginCloudRegionsError && /^OCR_/.test(e.code));
    assert.ok(e.message.includes(file), `names ${file}: ${e.message}`);
    assert.match(e.message, pattern);
    assert.ok(!hasUnsafeCharacters(e.message), 'no raw control character');
    assert.ok(!e.message.includes(SECRET), 'never quotes the file content');
    return true;
  });
}

describe('snapshot folders', () => {
  test('a file with merge-conflict markers is an error naming it, not a silently missing zone', () => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, `${ZONE}.json`), snapshot());
    const conflicted = path.join(dir, `${ZONE_B}.json`);
    fs.writeFileSync(conflicted, `<<<<<<< HEAD\n${snapshot(ZONE_B)}\n=======\n{"token": "${SECRET}"}\n>>>>>>> main\n`);
    assertError(
      () => readMappingSource(dir),
      InvalidMappingSourceError,
      conflicted,
      /is not valid JSON at line 1 column 1 \(unexpected "<"; it holds merge-conflict markers .*\): resolve the conflict first\)\. Every \.json file in a snapshot folder is read/,
    );
  });

  test('any other unparsable .json file is an error too; JSON that is not a snapshot is skipped unless named like one', () => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, `${ZONE}.json`), snapshot());
    fs.writeFileSync(path.join(dir, 'notes.md'), 'not JSON, not read');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
    assert.equal(readMappingSource(dir).zones.length, 1);
    const truncated = path.join(dir, 'half.json');
    fs.writeFileSync(truncated, `{"format": "origin-cloud-regions-snapshot", "zoneId": "${SECRET}`);
    assertError(() => readMappingSource(dir), InvalidMappingSourceError, truncated, /the text ends too early/);
    fs.rmSync(truncated);
    const impostor = path.join(dir, `${ZONE_B}.json`);
    fs.writeFileSync(impostor, '{"zoneId": "x"}');
    assertError(
      () => readMappingSource(dir),
      InvalidMappingSourceError,
      impostor,
      /named like a snapshot but has no "format"/,
    );
  });

  test('a link out of the folder is refused (to a file, to /dev/zero); a link inside it is followed', () => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, `${ZONE}.json`), snapshot());
    const outside = path.join(tmp, 'outside-secret.json');
    fs.writeFileSync(outside, `{"token": "${SECRET}"}`);
    const link = path.join(dir, 'z.json');
    fs.symlinkSync(outside, link);
    assertError(
      () => readMappingSource(dir),
      InvalidMappingSourceError,
      link,
      /symbolic link that leads out of the folder/,
    );
    fs.rmSync(link);
    fs.symlinkSync('/dev/zero', link);
    assertError(() => readMappingSource(dir), InvalidMappingSourceError, link, /leads out of the folder/);
    fs.rmSync(link);
    fs.symlinkSync('../../etc', path.join(dir, 'etc.json'));
    assertError(
      () => readMappingSource(dir),
      InvalidMappingSourceError,
      'etc.json',
      /leads out of the folder|does not exist/,
    );
    fs.rmSync(path.join(dir, 'etc.json'));
    fs.mkdirSync(path.join(dir, 'archive'));
    fs.writeFileSync(path.join(dir, 'archive', 'b.json'), snapshot(ZONE_B));
    fs.symlinkSync(path.join('archive', 'b.json'), link);
    assert.deepEqual(
      readMappingSource(dir).zones.map((z) => z.zoneId),
      [ZONE, ZONE_B],
    );
  });

  test('a cdktf.out whose stack folder links out is refused', () => {
    const dir = folder();
    const elsewhere = path.join(tmp, `elsewhere-${n}`);
    fs.cpSync(path.join(FIXTURES, 'synth-out', 'stacks', 'main'), elsewhere, { recursive: true });
    fs.mkdirSync(path.join(dir, 'stacks'));
    fs.symlinkSync(elsewhere, path.join(dir, 'stacks', 'main'));
    assertError(() => readMappingSource(dir), InvalidMappingSourceError, path.join(dir, 'stacks', 'main'), /leads out/);
  });
});

describe('only regular files, up to 64 MiB', () => {
  test('a FIFO (as the argument, or inside a folder) is refused at once, never waited on', () => {
    const dir = folder();
    const fifo = path.join(dir, 'plan.json');
    execFileSync('mkfifo', [fifo]);
    assertError(
      () => readMappingSource(fifo),
      InvalidMappingSourceError,
      fifo,
      /is a FIFO \(named pipe\), not a regular file/,
    );
    assertError(() => readPlanSides(fifo), InvalidMappingSourceError, fifo, /not a regular file/);
    fs.writeFileSync(path.join(dir, `${ZONE}.json`), snapshot());
    assertError(() => readMappingSource(dir), InvalidMappingSourceError, fifo, /FIFO/);
  });

  test('/dev/zero as the argument is refused', () => {
    assertError(() => readMappingSource('/dev/zero'), InvalidMappingSourceError, '/dev/zero', /character device/);
  });

  test('a file over the limit is refused, naming the limit', () => {
    const big = path.join(folder(), 'plan.json');
    fs.writeFileSync(big, '{');
    fs.truncateSync(big, DEFAULT_MAX_INPUT_BYTES + 1); // sparse: nothing is written
    assertError(
      () => readMappingSource(big),
      InvalidMappingSourceError,
      big,
      /is 67108865 bytes, over the limit of 64 MiB \(67108864 bytes\)/,
    );
  });

  test('a missing file is MappingSourceNotFoundError', () => {
    const missing = path.join(tmp, 'nope.json');
    assertError(() => readMappingSource(missing), MappingSourceNotFoundError, missing, /does not exist/);
  });
});

describe('cdktf synth --hcl output', () => {
  test('is recognised and explained, as a folder or as the cdk.tf file', () => {
    const dir = folder();
    fs.mkdirSync(path.join(dir, 'stacks', 'main'), { recursive: true });
    const hcl = path.join(dir, 'stacks', 'main', 'cdk.tf');
    fs.writeFileSync(hcl, `terraform {\n  backend "local" {}\n}\n\noutput "ocr_${ZONE}_mappings" {\n  value = {}\n}\n`);
    for (const given of [dir, hcl]) {
      assertError(
        () => readMappingSource(given),
        UnknownMappingSourceError,
        given,
        /--hcl.*synthesize without --hcl \(cdktf synth\), then give the cdktf\.out folder or stacks\/<name>\/cdk\.tf\.json/,
      );
    }
    const renamed = path.join(dir, 'plan.json');
    fs.copyFileSync(hcl, renamed);
    assertError(() => readMappingSource(renamed), UnknownMappingSourceError, renamed, /Terraform HCL/);
  });
});

describe('snapshots pass the value rules', () => {
  for (const [name, edit, field, problem] of [
    [
      'ESC in a region',
      (s: Record<string, unknown>) => ((s.mappings as { region: string }[])[0].region = 'us-east-1\u001b[31m'),
      'mappings[0].region',
      /control character \(\\x1b at position 10\)/,
    ],
    [
      'a 300,000-character colo',
      (s: Record<string, unknown>) =>
        ((
          s.supportedRegions as { vendors: { aws: { upper_tier_colos: string[] }[] } }
        ).vendors.aws[0].upper_tier_colos = ['I'.repeat(300_000)]),
      'supportedRegions.vendors.aws[0].upper_tier_colos[0]',
      /300,000 characters long, over the limit of 200/,
    ],
    [
      'a vendor key with an OSC title sequence',
      (s: Record<string, unknown>) =>
        ((s.supportedRegions as { vendors: Record<string, unknown> }).vendors['\u001b]0;pwned\u0007'] = []),
      'a key in supportedRegions.vendors',
      /control character/,
    ],
    [
      'a zoned IPv6 origin',
      (s: Record<string, unknown>) => ((s.mappings as { origin_ip: string }[])[0].origin_ip = 'fe80::1%eth0'),
      'mappings[0].origin_ip',
      /not an IPv4 or IPv6 address/,
    ],
    [
      'a version that is a long string',
      (s: Record<string, unknown>) => (s.version = 'v'.repeat(10_000)),
      'version',
      /version is 10,000 characters long, over the limit of 200/,
    ],
  ] as const) {
    test(`refuses ${name}, naming the field`, () => {
      const file = path.join(folder(), 'snap.json');
      fs.writeFileSync(file, snapshot(ZONE, edit));
      assert.throws(
        () => readMappingSource(file),
        (e: unknown) =>
          e instanceof InvalidMappingSourceError &&
          e.field === field &&
          problem.test(e.message) &&
          !hasUnsafeCharacters(e.message) &&
          e.message.length < 600,
      );
    });
  }

  test('vendors named toString, constructor or __proto__ are data: no crash, no inherited colos, flagged', () => {
    const base = path.join(folder(), 'base.json');
    fs.writeFileSync(base, snapshot(ZONE));
    const head = path.join(folder(), 'head.json');
    fs.writeFileSync(
      head,
      snapshot(ZONE, (s) => {
        const m = s.mappings as { vendor: string; region: string }[];
        m[0].vendor = 'toString'; // not in supported_regions
        m[1].vendor = 'constructor';
        m[2].vendor = '__proto__';
        m[2].region = 'hasOwnProperty';
      }),
    );
    const after = readMappingSource(head).zones[0];
    // None of them is a vendor the head snapshot's supported regions list: no colos, never an inherited value.
    assert.deepEqual(
      after.mappings.map((m) => [m.vendor, m.upperTierColos]),
      [
        ['toString', undefined],
        ['constructor', undefined],
        ['__proto__', undefined],
        ['azure', ['IAD']],
        ['oci', ['IAD']],
      ],
    );
    const report = buildDiffReport(
      { label: 'base', zones: readMappingSource(base).zones },
      { label: 'head', zones: [after] },
    );
    assert.equal(report.zones[0].diff.changed.length, 3);
    assert.equal(report.zones[0].validatedBy, 'supported_regions');
    assert.deepEqual(
      report.zones[0].flagged.map((f) => [f.originIp, f.kind, f.value]),
      [
        ['192.0.2.10', 'unknown-vendor', 'toString'],
        ['192.0.2.20', 'unknown-vendor', 'constructor'],
        ['198.51.100.5', 'unknown-vendor', '__proto__'],
      ],
    );
    assertInertMarkdown(renderMarkdownReport(report));
  });
});
