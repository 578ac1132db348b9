import { canonicalIp, isMappableIp } from '../model/ip';
import { MARKER_COUNT_KEY, MARKER_DIGEST_KEY, markerDigest } from '../model/drift-marker';
import { placementOf } from '../model/mapping';
import { sortMappings } from '../model/order';
import type { MappingEntry, ZoneMappingSet } from '../model/mapping-set';
import { isRecord, own } from '../model/record';
import { InvalidMappingSourceError } from '../errors/mapping-source';
import {
  MAX_MAPPINGS_PER_ZONE,
  MAX_MESSAGE_LENGTH,
  describeType,
  keyField,
  readColos,
  readIp,
  readPlacement,
  readText,
  type ValueContext,
} from '../files/values';

// The construct's outputs in two shapes. 0.2: `ocr_<zone>_mappings` is a map `{ "<ip>": "<vendor>/<region>" }`, the
// colos are in `ocr_<zone>_upper_tier_colos` (`{ "<vendor>/<region>": ["IAD"] }`), the label in
// `ocr_<zone>_summary.label`; the marker holds the pairs (`outputs: 'summary'`, and 0.2 stacks before the digest)
// or, beside the mappings output, their digest. 0.1: `ocr_<zone>_mappings` is a list of
// `{ origin_ip, vendor, region, upper_tier_colos }`. In `cdk.tf.json` every string is Terraform-escaped
// (`$${`, `%%{`); plan JSON holds evaluated values.

const ZONE_OUTPUT_PATTERN = /^ocr_([0-9A-Fa-f]{32})_(mappings|upper_tier_colos|summary|validation)$/;
const MARKER_NAME_PATTERN = /^ocr_([0-9A-Fa-f]{32})_marker$/;
const MARKER_ATTRIBUTES: ReadonlyMap<unknown, string> = new Map([
  ['null_resource', 'triggers'],
  ['terraform_data', 'triggers_replace'],
]);

/** The zone, address and triggers attribute of a drift marker resource, or `undefined` for any other resource. */
export function markerOf(
  type: unknown,
  name: unknown,
): { readonly zoneId: string; readonly resource: string; readonly attribute: string } | undefined {
  const attribute = MARKER_ATTRIBUTES.get(type);
  const zoneId = typeof name === 'string' ? MARKER_NAME_PATTERN.exec(name)?.[1]?.toLowerCase() : undefined;
  if (attribute === undefined || zoneId === undefined) return undefined;
  // Built from the checked type and name, not the file's own address text.
  return { zoneId, resource: `${type as string}.${name as string}`, attribute };
}

/** The values of one zone's `ocr_<zone>_*` outputs in a stack or on one side of a plan (absent: `undefined`). */
export interface ZoneOutputValues {
  mappings?: unknown;
  upperTierColos?: unknown;
  summary?: unknown;
  validation?: unknown;
}

/** What one zone's outputs say. */
export interface ZoneOutputsRead {
  /** The mappings, sorted, IPs canonical; `undefined` when there is no mappings output. */
  readonly mappings?: MappingEntry[];
  /** The zone's label, when the summary has one. */
  readonly zoneLabel?: string;
  /** The validation recorded at synth, when the output is there. */
  readonly validation?: NonNullable<ZoneMappingSet['validation']>;
}

/** Where values are read from, for messages, and how. */
export interface OutputReadContext {
  readonly path: string;
  /** `cdk.tf.json`: yes; plan JSON: no. */
  readonly terraformEscaped: boolean;
  /** The plan side (`before`/`after`), named after the field in messages. */
  readonly side?: string;
  /** The fix that ends every message. */
  readonly fix: string;
}

/** Where a marker's triggers were read: `resource` is, for example, `terraform_data.ocr_<zone>_marker`. */
type MarkerReadContext = OutputReadContext & { readonly resource: string };

const STACK_FIX = "Synthesize the stack again with this package's OriginCloudRegions construct (cdktf synth).";
/** The fix for a malformed plan. */
export const PLAN_FIX =
  "Plan again from a stack synthesized with this package's OriginCloudRegions construct, then terraform show -json.";

/** Which zone output a name is, or `undefined` for any other output. */
export function zoneOutputOf(
  name: string,
): { readonly zoneId: string; readonly output: keyof ZoneOutputValues } | undefined {
  const m = ZONE_OUTPUT_PATTERN.exec(name);
  if (m === null) return undefined;
  const output = m[2] === 'upper_tier_colos' ? 'upperTierColos' : (m[2] as 'mappings' | 'summary' | 'validation');
  return { zoneId: m[1].toLowerCase(), output };
}

function valueContext(ctx: OutputReadContext): ValueContext {
  const side = ctx.side === undefined ? '' : ` (${ctx.side})`;
  return {
    terraformEscaped: ctx.terraformEscaped,
    fail: (field: string, problem: string): never => {
      throw new InvalidMappingSourceError(ctx.path, `${field}${side} ${problem}. ${ctx.fix}`, {
        field: `${field}${side}`,
      });
    },
  };
}

/** One zone's outputs: the mappings (map or list shape, joined with the per-region colos), label and validation. */
function readZoneOutputs(zoneId: string, values: ZoneOutputValues, ctx: OutputReadContext): ZoneOutputsRead {
  const v = valueContext(ctx);
  const name = (suffix: string): string => `ocr_${zoneId}_${suffix}`;
  const out: { mappings?: MappingEntry[]; zoneLabel?: string; validation?: ZoneOutputsRead['validation'] } = {};
  if (values.mappings !== undefined && values.mappings !== null) {
    const output = name('mappings');
    const value = values.mappings;
    if (typeof value === 'string' && value.includes('${')) {
      v.fail(`output ${output}`, 'is an unresolved Terraform expression, not the list of mappings');
    }
    if (Array.isArray(value)) out.mappings = mappingsFromList(v, output, value);
    else if (isRecord(value)) {
      const colos = ifPresent(values.upperTierColos, (c) => colosFromMap(v, name('upper_tier_colos'), c));
      out.mappings = mappingsFromMap(v, output, value, colos);
    } else {
      v.fail(`output ${output}`, `is ${describeType(value)}, not a map of origin IP to "<vendor>/<region>"`);
    }
  }
  if (values.summary !== undefined && values.summary !== null) {
    const output = name('summary');
    if (!isRecord(values.summary)) v.fail(`output ${output}`, `is ${describeType(values.summary)}, not an object`);
    const label = own(values.summary as Record<string, unknown>, 'label');
    if (label !== undefined && label !== null) out.zoneLabel = readText(v, `output ${output}.label`, label);
  }
  if (values.validation !== undefined && values.validation !== null) {
    out.validation = validationFrom(v, name('validation'), values.validation);
  }
  return out;
}

/** `read(value)`, or `undefined` when the value is absent or `null`. */
function ifPresent<T>(value: unknown, read: (present: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

function mappingsFromList(v: ValueContext, output: string, list: unknown[]): MappingEntry[] {
  if (list.length > MAX_MAPPINGS_PER_ZONE) {
    v.fail(`output ${output}`, `lists ${list.length} mappings, over the limit of ${MAX_MAPPINGS_PER_ZONE}`);
  }
  const seen = new Set<string>();
  const out = list.map((raw: unknown, i): MappingEntry => {
    const field = `output ${output}[${i}]`;
    if (!isRecord(raw)) {
      return v.fail(field, `is ${describeType(raw)}, not { origin_ip, vendor, region, upper_tier_colos }`);
    }
    const originIp = readIp(v, `${field}.origin_ip`, readText(v, `${field}.origin_ip`, own(raw, 'origin_ip')));
    if (seen.has(originIp)) v.fail(`${field}.origin_ip`, `repeats origin ${originIp}`);
    seen.add(originIp);
    const vendor = readText(v, `${field}.vendor`, own(raw, 'vendor'));
    const region = readText(v, `${field}.region`, own(raw, 'region'));
    const colos = ifPresent(own(raw, 'upper_tier_colos'), (c) => readColos(v, `${field}.upper_tier_colos`, c)) ?? [];
    // 0.1 wrote an empty list when the colos were unknown.
    return colos.length === 0 ? { originIp, vendor, region } : { originIp, vendor, region, upperTierColos: colos };
  });
  return sortMappings(out);
}

function mappingsFromMap(
  v: ValueContext,
  output: string,
  map: Record<string, unknown>,
  colos: ReadonlyMap<string, string[]> | undefined,
): MappingEntry[] {
  const out = pairsFromMap(v, `output ${output}`, 'holds', map).map((m) => {
    // NFC-equal placements have one colos entry, under their NFC form (see keyCollisionFindings): joined as Terraform would.
    const placement = placementOf(m);
    const known = colos?.get(placement) ?? colos?.get(placement.normalize('NFC'));
    return known === undefined ? m : { ...m, upperTierColos: known };
  });
  return sortMappings(out);
}

/** The `{ "<ip>": "<vendor>/<region>" }` pairs of an output or a marker, each origin once, in map order. */
function pairsFromMap(v: ValueContext, field: string, verb: string, map: Record<string, unknown>): MappingEntry[] {
  const entries = Object.entries(map);
  if (entries.length > MAX_MAPPINGS_PER_ZONE) {
    v.fail(field, `${verb} ${entries.length} mappings, over the limit of ${MAX_MAPPINGS_PER_ZONE}`);
  }
  const seen = new Set<string>();
  return entries.map(([rawKey, rawValue]) => {
    const f = keyField(field, rawKey);
    const originIp = readIp(v, f, readText(v, f, rawKey));
    if (seen.has(originIp)) v.fail(f, `repeats origin ${originIp} (written in another notation)`);
    seen.add(originIp);
    return { originIp, ...readPlacement(v, f, rawValue) };
  });
}

function colosFromMap(v: ValueContext, output: string, value: unknown): Map<string, string[]> {
  if (!isRecord(value)) {
    return v.fail(`output ${output}`, `is ${describeType(value)}, not a map of "<vendor>/<region>" to colo codes`);
  }
  const out = new Map<string, string[]>();
  for (const [rawKey, rawColos] of Object.entries(value)) {
    const field = keyField(`output ${output}`, rawKey);
    const { vendor, region } = readPlacement(v, field, rawKey);
    out.set(placementOf({ vendor, region }), readColos(v, field, rawColos));
  }
  return out;
}

function validationFrom(v: ValueContext, output: string, value: unknown): NonNullable<ZoneOutputsRead['validation']> {
  if (!isRecord(value)) return v.fail(`output ${output}`, `is ${describeType(value)}, not an object`);
  const authority = readText(v, `output ${output}.authority`, own(value, 'authority'));
  const list = own(value, 'findings');
  if (!Array.isArray(list)) return v.fail(`output ${output}.findings`, `is ${describeType(list)}, not a list`);
  if (list.length > 4 * MAX_MAPPINGS_PER_ZONE) {
    v.fail(
      `output ${output}.findings`,
      `lists ${list.length} findings, over the limit of ${4 * MAX_MAPPINGS_PER_ZONE}`,
    );
  }
  const findings = list.map((raw: unknown, i) => {
    const field = `output ${output}.findings[${i}]`;
    if (!isRecord(raw)) return v.fail(field, `is ${describeType(raw)}, not an object`);
    const ipText = readText(v, `${field}.origin_ip`, own(raw, 'origin_ip'));
    // A finding about an origin IP the API sent in a form that is not an IP at all names it as sent.
    const originIp = isMappableIp(ipText) ? canonicalIp(ipText) : ipText;
    const kind = readText(v, `${field}.kind`, own(raw, 'kind'));
    const value = readText(v, `${field}.value`, own(raw, 'value'));
    const suggestion = ifPresent(own(raw, 'suggestion'), (s) => readText(v, `${field}.suggestion`, s));
    const rawMessage = own(raw, 'message');
    // 0.1 recorded no message: say the same in words.
    const message =
      rawMessage === undefined || rawMessage === null
        ? `origin ${originIp}: ${kind} "${value}"${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`
        : readText(v, `${field}.message`, rawMessage, MAX_MESSAGE_LENGTH);
    const finding = { originIp, kind, value, message };
    return suggestion === undefined ? finding : { ...finding, suggestion };
  });
  return { authority, findings };
}

/** What a drift marker's triggers hold: the pairs, or their digest (beside an `ocr_<zone>_mappings` output). */
type MarkerContent =
  | { readonly kind: 'pairs'; readonly mappings: MappingEntry[] }
  | { readonly kind: 'digest'; readonly sha256: string; readonly count: number };

// A digest marker is recognized by its `mappings_sha256` key (never an origin IP) and must be exactly
// `{ mappings_sha256: <64 hex>, mappings: <count> }`.
function readMarkerTriggers(triggers: unknown, where: MarkerReadContext): MarkerContent {
  const v = valueContext(where);
  const field = `the triggers of ${where.resource}`;
  if (!isRecord(triggers)) {
    return v.fail(field, `are ${describeType(triggers)}, not a map of origin IP to "<vendor>/<region>" or a digest`);
  }
  if (own(triggers, MARKER_DIGEST_KEY) !== undefined) return digestFrom(v, field, triggers);
  return { kind: 'pairs', mappings: sortMappings(pairsFromMap(v, field, 'hold', triggers)) };
}

function digestFrom(v: ValueContext, field: string, triggers: Record<string, unknown>): MarkerContent {
  const extra = Object.keys(triggers).filter((k) => k !== MARKER_DIGEST_KEY && k !== MARKER_COUNT_KEY);
  if (extra.length > 0) {
    v.fail(
      keyField(field, extra[0]),
      `is not expected beside ${MARKER_DIGEST_KEY} (a digest marker holds only it and ${MARKER_COUNT_KEY})`,
    );
  }
  const sha256 = own(triggers, MARKER_DIGEST_KEY);
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    v.fail(keyField(field, MARKER_DIGEST_KEY), 'is not 64 lowercase hex digits');
  }
  const count = own(triggers, MARKER_COUNT_KEY);
  if (typeof count !== 'string' || !/^(?:0|[1-9][0-9]{0,6})$/.test(count) || Number(count) > MAX_MAPPINGS_PER_ZONE) {
    v.fail(
      keyField(field, MARKER_COUNT_KEY),
      `is not a count of mappings (a decimal string up to ${MAX_MAPPINGS_PER_ZONE})`,
    );
  }
  return { kind: 'digest', sha256, count: Number(count) };
}

/** One zone read from a synthesized stack. */
export interface StackZone extends ZoneOutputsRead {
  /** The zone's mappings, from the mappings output or, without it, from the drift marker. */
  readonly mappings: MappingEntry[];
  /** Where the mappings came from. */
  readonly from: 'output' | 'marker';
}

/**
 * Every zone in one synthesized stack (`cdk.tf.json`), from its `ocr_<zone>_*` outputs and drift markers, strings
 * un-escaped; an empty map for a stack without the construct.
 *
 * @throws {@link InvalidMappingSourceError} naming the file and field when a value is malformed
 */
export function zonesFromStack(stack: unknown, path: string): Map<string, StackZone> {
  const zones = new Map<string, StackZone>();
  if (!isRecord(stack)) return zones;
  const values = new Map<string, ZoneOutputValues>();
  const outputs = own(stack, 'output');
  if (isRecord(outputs)) {
    for (const [name, block] of Object.entries(outputs)) {
      const which = zoneOutputOf(name);
      if (which === undefined) continue;
      const zone = values.get(which.zoneId) ?? {};
      zone[which.output] = isRecord(block) ? own(block, 'value') : undefined;
      values.set(which.zoneId, zone);
    }
  }
  const markers = markersOfStack(stack);
  const ctx: OutputReadContext = { path, terraformEscaped: true, fix: STACK_FIX };
  for (const zoneId of [...new Set([...values.keys(), ...markers.keys()])].sort()) {
    const zone = zoneFromOutputsAndMarker(zoneId, values.get(zoneId) ?? {}, markers.get(zoneId), ctx);
    if (zone !== undefined) zones.set(zoneId, zone);
  }
  return zones;
}

/**
 * A zone from its outputs and drift marker: the mappings output when there is one, else the pairs the marker
 * carries; `undefined` when the zone has neither. A digest marker beside the output must hash its mappings, so that
 * an edited output (or an output and a marker from two synths) is refused rather than reported; a pairs marker is
 * not compared (older stacks wrote both; the output is read).
 */
export function zoneFromOutputsAndMarker(
  zoneId: string,
  values: ZoneOutputValues,
  marker: { readonly resource: string; readonly triggers: unknown } | undefined,
  ctx: OutputReadContext,
): StackZone | undefined {
  const read = readZoneOutputs(zoneId, values, ctx);
  const where = { ...ctx, resource: marker?.resource ?? '' };
  const output = `ocr_${zoneId}_mappings`;
  const field = `the triggers of ${where.resource}`;
  const content = marker === undefined ? undefined : readMarkerTriggers(marker.triggers, where);
  if (read.mappings !== undefined) {
    if (content?.kind === 'digest') {
      const actual = markerDigest(read.mappings);
      if (String(content.count) !== actual.mappings || content.sha256 !== actual.mappings_sha256) {
        valueContext({ ...where, fix: 'The file was edited, or mixes two synths: synthesize (and plan) again.' }).fail(
          field,
          `(${content.count} mappings, ${MARKER_DIGEST_KEY} ${content.sha256.slice(0, 12)}…) do not match output ${output} ` +
            `(${actual.mappings} mappings, ${actual.mappings_sha256.slice(0, 12)}…)`,
        );
      }
    }
    return { ...read, mappings: read.mappings, from: 'output' };
  }
  if (content === undefined) return undefined;
  if (content.kind === 'pairs') return { ...read, mappings: content.mappings, from: 'marker' };
  return valueContext({
    ...where,
    fix:
      `Read the stack or plan that has output ${output} (the default outputs: 'full'), or synthesize with ` +
      "outputs: 'summary', whose marker carries the pairs.",
  }).fail(
    field,
    `hold only a digest of the mappings (${MARKER_DIGEST_KEY}), and output ${output} that carries them is missing`,
  );
}

function markersOfStack(stack: Record<string, unknown>): Map<string, { resource: string; triggers: unknown }> {
  const out = new Map<string, { resource: string; triggers: unknown }>();
  const resources = own(stack, 'resource');
  if (!isRecord(resources)) return out;
  for (const type of MARKER_ATTRIBUTES.keys()) {
    const ofType = own(resources, type as string);
    if (!isRecord(ofType)) continue;
    for (const [name, body] of Object.entries(ofType)) {
      const marker = markerOf(type, name);
      if (marker === undefined || !isRecord(body)) continue;
      out.set(marker.zoneId, { resource: marker.resource, triggers: own(body, marker.attribute) });
    }
  }
  return out;
}

/** Whether parsed JSON looks like a synthesized cdktf stack (`cdk.tf.json`). */
export function looksLikeStack(data: unknown): boolean {
  if (!isRecord(data)) return false;
  return isRecord(own(data, '//')) || isRecord(own(data, 'output')) || isRecord(own(data, 'terraform'));
}
