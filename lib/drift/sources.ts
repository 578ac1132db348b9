import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSnapshot, upperTierColosFor, SNAPSHOT_FORMAT, type ZoneSnapshot } from '../snapshot';
import { canonicalIp } from '../model/ip';
import type { MappingEntry, ZoneMappingSet } from './mapping-set';
import { looksLikePlan, looksLikeState, zonesFromPlan } from './plan';
import {
  ACCEPTED_SOURCES,
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
} from './source-errors';
import { looksLikeStack, zonesFromStack } from './stack-outputs';

/**
 * The I/O edge of the drift code: reads mapping sets from files and folders. Parsing is
 * delegated to the pure readers in `stack-outputs.ts`, `plan.ts` and `lib/snapshot`.
 */

/** What kind of source a path held. */
export type MappingSourceKind = 'snapshot' | 'snapshot-folder' | 'cdktf-out' | 'stack' | 'plan';

/** The zones read from one source. */
export interface MappingSource {
  /** What the path held. */
  readonly kind: MappingSourceKind;
  /** The path as given. */
  readonly path: string;
  /** One set per zone, sorted by zone id. A plan gives its planned ("after") side. */
  readonly zones: readonly ZoneMappingSet[];
}

/** Both sides of a plan. */
export interface PlanSides {
  /** The path as given. */
  readonly path: string;
  /** Zones as they are before the plan (zones the plan adds are absent). */
  readonly before: readonly ZoneMappingSet[];
  /** Zones as they are after the plan (zones the plan removes are absent). */
  readonly after: readonly ZoneMappingSet[];
}

/**
 * Reads one mapping source, detecting its kind: a snapshot file or a folder of snapshots; a
 * `cdktf.out` folder (every `stacks/<name>/cdk.tf.json`; a project folder holding `cdktf.out` works
 * too) or one `cdk.tf.json`, read from its `ocr_<zone>_mappings` outputs; or a plan in JSON, whose
 * planned (after) side is returned — use {@link readPlanSides} for both sides.
 *
 * @example
 * ```ts
 * import { readMappingSource } from 'cdktf-origin-cloud-regions';
 *
 * const source = readMappingSource('cdktf.out'); // or a snapshot, a cdk.tf.json, plan.json
 * for (const zone of source.zones) console.log(zone.zoneId, zone.mappings.length);
 * ```
 *
 * @throws {@link MappingSourceNotFoundError} when the path does not exist
 * @throws {@link UnknownMappingSourceError} when it is none of these kinds or holds no mappings
 * @throws {@link InvalidMappingSourceError} (or a snapshot error) when its content is malformed
 */
export function readMappingSource(sourcePath: string): MappingSource {
  const stat = statOrThrow(sourcePath);
  if (stat.isDirectory()) return readFolder(sourcePath);
  const data = readJson(sourcePath);
  if (isSnapshotData(data)) return { kind: 'snapshot', path: sourcePath, zones: [snapshotZone(sourcePath)] };
  if (looksLikePlan(data)) {
    const sides = planSides(data, sourcePath);
    return { kind: 'plan', path: sourcePath, zones: sides.after };
  }
  if (looksLikeStack(data))
    return {
      kind: 'stack',
      path: sourcePath,
      zones: stackZones([{ file: sourcePath, label: sourcePath, data }], sourcePath),
    };
  throw unknownJson(sourcePath, data);
}

/**
 * Reads a plan in JSON (`terraform show -json plan.out > plan.json`) and returns the mappings
 * before and after it, per zone.
 *
 * @throws {@link MappingSourceNotFoundError} when the path does not exist
 * @throws {@link UnknownMappingSourceError} when it is not a plan or the plan holds no lookup
 * @throws {@link InvalidMappingSourceError} when a value is malformed or unknown until apply
 */
export function readPlanSides(planPath: string): PlanSides {
  const stat = statOrThrow(planPath);
  if (stat.isDirectory()) {
    throw new UnknownMappingSourceError(
      planPath,
      'a folder, not a plan',
      `With one argument, diff needs a plan in JSON (terraform show -json plan.out > plan.json); with two, each side may be ${ACCEPTED_SOURCES}.`,
    );
  }
  const data = readJson(planPath);
  if (!looksLikePlan(data)) {
    throw new UnknownMappingSourceError(
      planPath,
      looksLikeState(data) ? 'Terraform state in JSON, not a plan' : 'not a Terraform plan in JSON',
      `With one argument, diff needs a plan: run terraform plan -out plan.out && terraform show -json plan.out > plan.json. With two arguments, each side may be ${ACCEPTED_SOURCES}.`,
    );
  }
  return planSides(data, planPath);
}

function planSides(data: unknown, planPath: string): PlanSides {
  const zones = zonesFromPlan(data, planPath);
  if (zones.length === 0) {
    throw new UnknownMappingSourceError(
      planPath,
      'a plan without any ocr_<zone>_mappings output or ocr_<zone>_marker resource',
      'Plan a stack that uses the OriginCloudRegions construct.',
    );
  }
  const label = (side: string, from: string): string => `${planPath} (${side}, from the ${from})`;
  const before: ZoneMappingSet[] = [];
  const after: ZoneMappingSet[] = [];
  for (const z of zones) {
    if (z.before !== undefined) before.push({ zoneId: z.zoneId, mappings: z.before, label: label('before', z.from) });
    if (z.after !== undefined) after.push({ zoneId: z.zoneId, mappings: z.after, label: label('after', z.from) });
  }
  return { path: planPath, before, after };
}

function readFolder(dir: string): MappingSource {
  const stacksDir = [path.join(dir, 'stacks'), path.join(dir, 'cdktf.out', 'stacks')].find(isDirectory);
  if (stacksDir !== undefined) {
    const files = fs
      .readdirSync(stacksDir)
      .sort()
      .map((name) => path.join(stacksDir, name, 'cdk.tf.json'))
      .filter((file) => fs.existsSync(file));
    if (files.length === 0) {
      throw new UnknownMappingSourceError(
        dir,
        `a cdktf.out folder without any stacks/<name>/cdk.tf.json`,
        'Run cdktf synth first.',
      );
    }
    const stacks = files.map((file) => ({ file, label: file, data: readJson(file) }));
    return { kind: 'cdktf-out', path: dir, zones: stackZones(stacks, dir) };
  }
  const single = path.join(dir, 'cdk.tf.json');
  if (fs.existsSync(single)) {
    return {
      kind: 'stack',
      path: dir,
      zones: stackZones([{ file: single, label: single, data: readJson(single) }], dir),
    };
  }
  const snapshots = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .sort()
    .map((name) => path.join(dir, name))
    .filter((file) => isSnapshotData(readJsonOrUndefined(file)));
  if (snapshots.length > 0) {
    return { kind: 'snapshot-folder', path: dir, zones: uniqueZones(snapshots.map(snapshotZone), dir) };
  }
  throw new UnknownMappingSourceError(
    dir,
    'a folder with neither stacks/*/cdk.tf.json, a cdk.tf.json nor snapshot files',
  );
}

function stackZones(stacks: { file: string; label: string; data: unknown }[], given: string): ZoneMappingSet[] {
  const zones: ZoneMappingSet[] = [];
  for (const { file, label, data } of stacks) {
    if (!looksLikeStack(data))
      throw new InvalidMappingSourceError(file, 'this is not a synthesized cdktf stack. Run cdktf synth again.');
    for (const [zoneId, mappings] of zonesFromStack(data, file)) zones.push({ zoneId, mappings, label });
  }
  if (zones.length === 0) {
    throw new UnknownMappingSourceError(
      given,
      'a synthesized stack without any ocr_<zone>_mappings output',
      'Add the OriginCloudRegions construct to the stack and synth again.',
    );
  }
  return uniqueZones(zones, given);
}

function uniqueZones(zones: ZoneMappingSet[], given: string): ZoneMappingSet[] {
  const byZone = new Map<string, ZoneMappingSet>();
  for (const z of zones) {
    const other = byZone.get(z.zoneId);
    if (other !== undefined) {
      throw new InvalidMappingSourceError(
        given,
        `zone ${z.zoneId} appears twice (${other.label} and ${z.label}), so there is nothing to pair it with. Give one of those files instead of the folder.`,
      );
    }
    byZone.set(z.zoneId, z);
  }
  return [...byZone.values()].sort((a, b) => (a.zoneId < b.zoneId ? -1 : a.zoneId > b.zoneId ? 1 : 0));
}

function snapshotZone(file: string): ZoneMappingSet {
  const snapshot: ZoneSnapshot = readSnapshot(file);
  const mappings: MappingEntry[] = snapshot.mappings.map((m) => {
    const colos = upperTierColosFor(snapshot, m.vendor, m.region);
    const entry: { originIp: string; vendor: string; region: string; upperTierColos?: string[] } = {
      originIp: canonicalIp(m.origin_ip),
      vendor: m.vendor,
      region: m.region,
    };
    if (colos !== undefined) entry.upperTierColos = colos;
    return entry;
  });
  return { zoneId: snapshot.zoneId, mappings, label: file };
}

function isSnapshotData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === SNAPSHOT_FORMAT;
}

function statOrThrow(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MappingSourceNotFoundError(p, { cause: error });
    throw new InvalidMappingSourceError(
      p,
      `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check its permissions.`,
      { cause: error },
    );
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readJson(file: string): unknown {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new InvalidMappingSourceError(
      file,
      `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check its permissions.`,
      { cause: error },
    );
  }
  // A binary plan (terraform plan -out) is a zip archive.
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') {
    throw new UnknownMappingSourceError(
      file,
      'a binary Terraform plan',
      'Convert it first: terraform show -json plan.out > plan.json, and give the JSON file.',
    );
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UnknownMappingSourceError(file, `not JSON (${(error as Error).message})`, undefined, { cause: error });
  }
}

function readJsonOrUndefined(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function unknownJson(file: string, data: unknown): UnknownMappingSourceError {
  if (looksLikeState(data)) {
    return new UnknownMappingSourceError(
      file,
      'Terraform state in JSON, not a plan',
      `Give a plan instead (terraform plan -out plan.out && terraform show -json plan.out > plan.json), or ${ACCEPTED_SOURCES}.`,
    );
  }
  return new UnknownMappingSourceError(file, 'a JSON file of no known kind');
}
