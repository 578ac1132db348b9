import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputFileError, InputFileNotFoundError } from '../errors/files';
import { statOf } from '../files/folder';
import { parseJsonOr } from '../files/json-text';
import { readRegularFile, realPathInside } from '../files/read-regular-file';
import { SNAPSHOT_FORMAT } from '../snapshot';
import type { ZoneMappingSet } from '../model/mapping-set';
import { looksLikePlan, looksLikeState, zonesFromPlan, type PlannedSide } from './plan';
import { isSnapshotData, zoneFromSnapshot } from './snapshot';
import {
  ACCEPTED_SOURCES,
  InvalidMappingSourceError,
  MappingSourceNotFoundError,
  UnknownMappingSourceError,
} from '../errors/mapping-source';
import { looksLikeStack, zonesFromStack, type ZoneOutputsRead } from './stack-outputs';
import { compareCodeUnits } from '../model/order';

/** What kind of source a path held. */
export type MappingSourceKind = 'snapshot' | 'snapshot-folder' | 'cdktf-out' | 'stack' | 'plan';

/** The zones read from one source: what the path (as given) held. */
export interface MappingSource {
  readonly kind: MappingSourceKind;
  readonly path: string;
  /** One set per zone, sorted by zone id. A plan gives its planned ("after") side. */
  readonly zones: readonly ZoneMappingSet[];
}

/** Both sides of a plan at a path (as given). */
export interface PlanSides {
  readonly path: string;
  /** Zones as they are before the plan (zones the plan adds are absent). */
  readonly before: readonly ZoneMappingSet[];
  /** Zones as they are after the plan (zones the plan removes are absent). */
  readonly after: readonly ZoneMappingSet[];
}

/**
 * Reads one mapping source, detecting its kind: a snapshot file or a folder of snapshots; a `cdktf.out` folder
 * (or a project folder holding one) or one `cdk.tf.json`; or a plan in JSON, whose planned (after) side is returned
 * ({@link readPlanSides} gives both). Only regular files are read, up to 64 MiB each; inside a folder, symbolic links
 * that lead out of it are refused, and a `.json` file that is not valid JSON is an error naming it (never skipped).
 *
 * @example
 * ```ts
 * import { readMappingSource } from 'cdktf-origin-cloud-regions/drift';
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
  if (statOrThrow(sourcePath).isDirectory()) return readFolder(sourcePath);
  const { text, data } = readJsonFile(sourcePath);
  if (isSnapshotData(data)) {
    return { kind: 'snapshot', path: sourcePath, zones: [zoneFromSnapshot(text, data, sourcePath)] };
  }
  if (looksLikePlan(data)) return { kind: 'plan', path: sourcePath, zones: planSides(data, sourcePath).after };
  if (looksLikeStack(data))
    return { kind: 'stack', path: sourcePath, zones: stackZones([{ file: sourcePath, data }], sourcePath) };
  if (looksLikeState(data)) {
    throw new UnknownMappingSourceError(
      sourcePath,
      'Terraform state in JSON, not a plan',
      `Give a plan instead (terraform plan -out plan.out && terraform show -json plan.out > plan.json), or ${ACCEPTED_SOURCES}.`,
    );
  }
  throw new UnknownMappingSourceError(sourcePath, 'a JSON file of no known kind');
}

/**
 * The mappings before and after a plan in JSON (`terraform show -json plan.out > plan.json`), per zone.
 *
 * @throws {@link MappingSourceNotFoundError} when the path does not exist
 * @throws {@link UnknownMappingSourceError} when it is not a plan or the plan holds no lookup
 * @throws {@link InvalidMappingSourceError} when a value is malformed or unknown until apply
 */
export function readPlanSides(planPath: string): PlanSides {
  if (statOrThrow(planPath).isDirectory()) {
    throw new UnknownMappingSourceError(
      planPath,
      'a folder, not a plan',
      `With one argument, diff needs a plan in JSON (terraform show -json plan.out > plan.json); with two, each side may be ${ACCEPTED_SOURCES}.`,
    );
  }
  const { data } = readJsonFile(planPath);
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
  const before: ZoneMappingSet[] = [];
  const after: ZoneMappingSet[] = [];
  for (const z of zones) {
    if (z.before !== undefined) before.push(planZone(z.zoneId, z.before, planPath, 'before'));
    if (z.after !== undefined) after.push(planZone(z.zoneId, z.after, planPath, 'after'));
  }
  return { path: planPath, before, after };
}

function planZone(zoneId: string, side: PlannedSide, planPath: string, name: string): ZoneMappingSet {
  return withOptional({ zoneId, mappings: side.mappings, label: `${planPath} (${name}, from the ${side.from})` }, side);
}

function withOptional(base: ZoneMappingSet, read: ZoneOutputsRead): ZoneMappingSet {
  return {
    ...base,
    ...(read.zoneLabel === undefined ? {} : { zoneLabel: read.zoneLabel }),
    ...(read.validation === undefined ? {} : { validation: read.validation }),
  };
}

function readFolder(dir: string): MappingSource {
  const realRoot = fs.realpathSync(dir);
  const inside = (p: string): string => {
    try {
      return realPathInside(p, realRoot, 'mapping source');
    } catch (error) {
      throw asSourceError(error, p, 'in-folder');
    }
  };
  const stacksDir = [path.join(dir, 'stacks'), path.join(dir, 'cdktf.out', 'stacks')].find(
    (p) => exists(p) && isDirectory(inside(p)),
  );
  if (stacksDir !== undefined) {
    const realStacks = inside(stacksDir);
    const files: string[] = [];
    let hcl: string | undefined;
    for (const name of fs.readdirSync(realStacks).sort()) {
      const stackDir = path.join(stacksDir, name);
      if (!isDirectory(inside(stackDir))) continue;
      const file = path.join(stackDir, 'cdk.tf.json');
      if (exists(file)) files.push(file);
      else if (exists(path.join(stackDir, 'cdk.tf'))) hcl ??= path.join(stackDir, 'cdk.tf');
    }
    if (files.length === 0) {
      if (hcl !== undefined) throw hclError(dir, `a cdktf.out folder synthesized with --hcl (${hcl})`);
      throw new UnknownMappingSourceError(
        dir,
        `a cdktf.out folder without any stacks/<name>/cdk.tf.json`,
        'Run cdktf synth first.',
      );
    }
    const stacks = files.map((file) => ({ file, data: readJsonFile(file, { folder: realRoot }).data }));
    return { kind: 'cdktf-out', path: dir, zones: stackZones(stacks, dir) };
  }
  const single = path.join(dir, 'cdk.tf.json');
  if (exists(single)) {
    const { data } = readJsonFile(single, { folder: realRoot });
    return { kind: 'stack', path: dir, zones: stackZones([{ file: single, data }], dir) };
  }
  if (exists(path.join(dir, 'cdk.tf'))) throw hclError(dir, `a stack folder synthesized with --hcl (cdk.tf)`);
  return readSnapshotFolder(dir, realRoot, inside);
}

// Files named like a zone id are snapshots by the package's own naming, so they must parse as one.
const SNAPSHOT_NAME = /^[0-9A-Fa-f]{32}\.json$/;

function readSnapshotFolder(dir: string, realRoot: string, inside: (p: string) => string): MappingSource {
  const zones: ZoneMappingSet[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    const file = path.join(dir, name);
    if (isDirectory(inside(file))) continue;
    const { text, data } = readJsonFile(file, { folder: realRoot, snapshotFolder: true });
    if (isSnapshotData(data)) zones.push(zoneFromSnapshot(text, data, file));
    else if (SNAPSHOT_NAME.test(name)) {
      throw new InvalidMappingSourceError(
        file,
        `it is named like a snapshot but has no "format": "${SNAPSHOT_FORMAT}" field. Take it again from version control, or remove it from the folder.`,
      );
    }
  }
  if (zones.length > 0) return { kind: 'snapshot-folder', path: dir, zones: uniqueZones(zones, dir) };
  throw new UnknownMappingSourceError(
    dir,
    'a folder with neither stacks/*/cdk.tf.json, a cdk.tf.json nor snapshot files',
  );
}

function stackZones(stacks: { file: string; data: unknown }[], given: string): ZoneMappingSet[] {
  const zones: ZoneMappingSet[] = [];
  for (const { file, data } of stacks) {
    if (!looksLikeStack(data))
      throw new InvalidMappingSourceError(file, 'this is not a synthesized cdktf stack. Run cdktf synth again.');
    for (const [zoneId, zone] of zonesFromStack(data, file)) {
      zones.push(withOptional({ zoneId, mappings: zone.mappings, label: file }, zone));
    }
  }
  if (zones.length === 0) {
    throw new UnknownMappingSourceError(
      given,
      'a synthesized stack without any ocr_<zone>_mappings output or ocr_<zone>_marker resource',
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
  return [...byZone.values()].sort((a, b) => compareCodeUnits(a.zoneId, b.zoneId));
}

function statOrThrow(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MappingSourceNotFoundError(p, { cause: error });
    throw new InvalidMappingSourceError(
      p,
      `it cannot be read (${typeof code === 'string' ? code : 'I/O error'}). Check its permissions.`,
      { cause: error },
    );
  }
}

const exists = (p: string): boolean => statOf(p, fs.lstatSync) !== undefined;
const isDirectory = (p: string): boolean => statOf(p)?.isDirectory() === true;

// `folder`: the real path of the folder the user gave, if any. In a snapshot folder the fix says to repair or
// remove the file rather than to give another one.
function readJsonFile(
  file: string,
  foundIn: { readonly folder?: string; readonly snapshotFolder?: boolean } = {},
): { text: string; data: unknown } {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file, {
      what: 'mapping source',
      tooLargeFix:
        'Check that this is the file you meant: a snapshot, a cdk.tf.json or plan JSON (a snapshot of 3,500 mappings is under 1 MiB).',
      ...(foundIn.folder === undefined ? {} : { insideFolder: foundIn.folder }),
    });
  } catch (error) {
    throw asSourceError(error, file, foundIn.folder === undefined ? 'given' : 'in-folder');
  }
  // A binary plan (terraform plan -out) is a zip archive.
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') {
    throw new UnknownMappingSourceError(
      file,
      'a binary Terraform plan',
      'Convert it first: terraform show -json plan.out > plan.json, and give the JSON file.',
    );
  }
  const text = bytes.toString('utf8');
  const data = parseJsonOr(text, (problem) => {
    if (file.endsWith('.tf') || looksLikeHcl(text)) {
      throw hclError(file, 'Terraform HCL (cdktf synth --hcl), not JSON');
    }
    if (foundIn.snapshotFolder === true) {
      throw new InvalidMappingSourceError(
        file,
        `it is ${problem}. Every .json file in a snapshot folder is read: repair the file (or take it again from version control), or remove it from the folder.`,
      );
    }
    throw new UnknownMappingSourceError(file, problem);
  });
  return { text, data };
}

// Inside a folder, a missing target is a broken link: invalid, not "not found".
function asSourceError(error: unknown, file: string, where: 'given' | 'in-folder'): unknown {
  if (!(error instanceof InputFileError)) return error;
  if (error instanceof InputFileNotFoundError && where === 'given') {
    return new MappingSourceNotFoundError(file, { cause: error });
  }
  return new InvalidMappingSourceError(file, `${error.problem}. ${error.fix}`, { cause: error });
}

function looksLikeHcl(text: string): boolean {
  return /^\s*(?:(?:#|\/\/)[^\n]*\n\s*)*(?:terraform|provider|resource|output|data|module|locals|variable)\b[^\n{]*\{/.test(
    text,
  );
}

function hclError(p: string, what: string): UnknownMappingSourceError {
  return new UnknownMappingSourceError(
    p,
    what,
    'diff reads the JSON form of a synthesized stack: synthesize without --hcl (cdktf synth), then give the cdktf.out folder or stacks/<name>/cdk.tf.json.',
  );
}
