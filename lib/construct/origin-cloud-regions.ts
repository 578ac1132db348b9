import { Annotations, Aspects, TerraformOutput, TerraformStack } from './engine';
import { Construct, type IConstruct } from 'constructs';
import { validateZoneId } from '../client/validate-input';
import { markerTriggers } from '../drift/marker';
import {
  compareWithExpectations,
  normalizeExpectations,
  type Expectation,
  type ExpectationDrift,
} from '../drift/expectations';
import { InvalidInputError } from '../errors';
import { LOOKUP_CONTEXT, LOOKUP_ENV, parseOfflineFlag } from '../lookup/settings';
import type { LookupAuthority, ZoneLookupOutcome, ZoneLookupRequest, ZoneLookupResult } from '../lookup/types';
import { canonicalIp } from '../model/ip';
import type { OriginCloudRegionMapping } from '../model/mapping';
import type { SupportedRegions } from '../model/supported-regions';
import { authorityFromSupportedRegions, catalogAuthority, type RegionAuthority } from '../validate/authority';
import { validateExpectations } from '../validate/validate-expectations';
import type { ValidationFinding } from '../validate/validate-mappings';
import { TerraformDataMarker } from './marker-resource';
import {
  describeDrift,
  driftOutput,
  mappingsOutput,
  outputNames,
  upperTierColosOutput,
  validationOutput,
  vendorCountsOutput,
} from './outputs';
import { MARKER_KINDS, type ExpectPolicy, type MarkerKind, type OriginCloudRegionsProps } from './props';
import { registryOf } from './registry';
import { guardEngine } from './engine-guard';
import { emitNullResourceMarker } from './null-marker';

/** Findings listed one annotation each; past this, one more annotation summarizes the rest. */
const MAX_FINDING_ANNOTATIONS = 20;

/**
 * A zone's origin cloud region mappings, looked up at synth time and validated, as plain values
 * (`lookup.mappings`, `lookup.forVendor('aws')`, `lookup.find(ip)`) and as Terraform outputs plus a
 * drift marker resource whose replacement in `terraform plan` names the origins that moved.
 *
 * **How the lookup runs.** cdktf builds constructs synchronously, so the constructor only registers the
 * zone in an app-wide registry. The first time any lookup's data is needed — a data getter here, or
 * `cdktf synth` (an Aspect on this construct) — every lookup still pending in the app is resolved in one
 * blocking call to a worker thread, which fetches all those zones concurrently. Create all lookups
 * before reading any of their data, and several zones cost about as much as one.
 *
 * **What it emits** for zone `Z` (names stable, unique per zone): outputs `ocr_Z_mappings`,
 * `ocr_Z_vendor_counts`, `ocr_Z_upper_tier_colos`, `ocr_Z_validation`, `ocr_Z_drift` (with `expect`), and
 * the marker `null_resource.ocr_Z_marker` (`triggers`) or `terraform_data.ocr_Z_marker` (`triggers_replace`),
 * both `{ "<ip>": "<vendor>/<region>" }`. Findings become warning annotations (error annotations with
 * `strict`, which fail the synth). Nothing secret is ever written.
 *
 * @example
 * ```ts
 * import { App, TerraformOutput, TerraformStack } from 'cdktf';
 * import type { Construct } from 'constructs';
 * import { OriginCloudRegions } from 'cdktf-origin-cloud-regions';
 *
 * class OriginsStack extends TerraformStack {
 *   constructor(scope: Construct, id: string) {
 *     super(scope, id);
 *     // Reads CLOUDFLARE_API_TOKEN from the environment; nothing secret reaches cdk.tf.json.
 *     const lookup = new OriginCloudRegions(this, 'origins', {
 *       zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
 *       expect: [{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }],
 *     });
 *     new TerraformOutput(this, 'aws_origins', { value: lookup.forVendor('aws').map((m) => m.originIp) });
 *   }
 * }
 *
 * const app = new App();
 * new OriginsStack(app, 'origins');
 * app.synth();
 * ```
 */
export class OriginCloudRegions extends Construct {
  /** The zone id looked up. */
  public readonly zoneId: string;
  /** The marker resource this lookup emits. */
  public readonly markerKind: MarkerKind;
  private readonly props: OriginCloudRegionsProps;
  private readonly expectations: readonly Expectation[] | undefined;
  private outcome: ZoneLookupOutcome | undefined;
  private computed: { authority: RegionAuthority; drift: ExpectationDrift | undefined } | undefined;
  private emitted = false;

  /**
   * Registers the lookup; no request is sent yet (see the class documentation).
   *
   * @throws {@link InvalidInputError} for a bad zone id, marker, policy or expectation shape, or a second
   *   lookup of the same zone in the same stack
   */
  public constructor(scope: Construct, id: string, props: OriginCloudRegionsProps) {
    super(scope, id);
    guardEngine(this);
    if (typeof props !== 'object' || props === null) {
      throw new InvalidInputError('props', 'OriginCloudRegions needs props: { zoneId: "<32 hex characters>" }.');
    }
    this.zoneId = validateZoneId(props.zoneId, 'zoneId');
    this.markerKind = props.marker ?? 'null_resource';
    if (!MARKER_KINDS.includes(this.markerKind)) {
      throw new InvalidInputError(
        'marker',
        `marker "${String(props.marker)}" is not one of ${MARKER_KINDS.join(', ')}. Pick one of them.`,
      );
    }
    const policy: unknown = props.expectPolicy;
    if (policy !== undefined && policy !== 'warn' && policy !== 'fail') {
      throw new InvalidInputError(
        'expectPolicy',
        `expectPolicy ${JSON.stringify(policy)} is not "warn" or "fail". Pick one of them.`,
      );
    }
    this.expectations = props.expect === undefined ? undefined : normalizeExpectations(props.expect, 'expect');
    this.props = props;

    const stack = TerraformStack.of(this);
    registryOf(this).claimZone(stack.node.path, this.zoneId, this.node.path);
    registryOf(this).add({ request: this.buildRequest(), settle: (outcome) => (this.outcome = outcome) });
    // At synth, cdktf invokes aspects before it writes the stack: that is when outputs and marker are emitted.
    Aspects.of(this).add({
      visit: (node: IConstruct) => {
        if (node === this) this.emit();
      },
    });
  }

  /** Every mapping of the zone, IPs canonical, IPv4 then IPv6 in numeric order. Triggers the batched lookup. */
  public get mappings(): readonly OriginCloudRegionMapping[] {
    return this.result().mappings;
  }

  /** Problems found in the zone's mappings (unknown vendor or region, non-canonical IP), sorted. */
  public get findings(): readonly ValidationFinding[] {
    return this.result().findings;
  }

  /** Which list validated the mappings (the zone's `supported_regions` or the bundled catalog), and why. */
  public get authority(): LookupAuthority {
    return this.result().authority;
  }

  /** The zone's supported regions, or `undefined` when they were unavailable. */
  public get supportedRegions(): SupportedRegions | undefined {
    return this.result().supportedRegions;
  }

  /** Where the data came from: `api`, or `snapshot` in offline mode. */
  public get source(): 'api' | 'snapshot' {
    return this.result().source;
  }

  /**
   * The live mappings compared with `expect`, or `undefined` without expectations.
   * @throws {@link InvalidExpectationError} when an expectation names an unknown vendor or region
   */
  public get drift(): ExpectationDrift | undefined {
    return this.compute().drift;
  }

  /** The mappings of one vendor (for example `aws`), in mapping order. */
  public forVendor(vendor: string): OriginCloudRegionMapping[] {
    return this.mappings.filter((m) => m.vendor === vendor);
  }

  /**
   * The mapping of an origin IP, written in any notation (`2001:DB8:0::1` finds `2001:db8::1`), or `undefined`.
   * @throws {@link InvalidInputError} when `ip` is not an IP address
   */
  public find(ip: string): OriginCloudRegionMapping | undefined {
    const canonical = canonicalIp(ip, 'ip');
    return this.mappings.find((m) => m.originIp === canonical);
  }

  /** The Tiered Cache upper-tier colos of an origin, or `undefined` when unknown or not mapped. */
  public upperTierColos(ip: string): readonly string[] | undefined {
    const m = this.find(ip);
    if (m === undefined) return undefined;
    return this.compute().authority.vendors.get(m.vendor)?.get(m.region)?.upperTierColos;
  }

  private result(): ZoneLookupResult {
    if (this.outcome === undefined) registryOf(this).resolvePending();
    const outcome = this.outcome;
    if (outcome === undefined) throw new Error(`The lookup of zone ${this.zoneId} was not resolved.`);
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  private compute(): { authority: RegionAuthority; drift: ExpectationDrift | undefined } {
    if (this.computed !== undefined) return this.computed;
    const result = this.result();
    // Rebuilt from the result (pure), so that upper-tier colos and expectation checks use the same authority.
    const authority =
      result.authority.kind === 'supported_regions' && result.supportedRegions !== undefined
        ? authorityFromSupportedRegions(result.supportedRegions)
        : catalogAuthority(result.authority.reason);
    let drift: ExpectationDrift | undefined;
    if (this.expectations !== undefined) {
      const expected = validateExpectations(this.expectations, authority);
      drift = compareWithExpectations(result.mappings, expected, {
        reportUnexpected: this.props.reportUnexpected ?? false,
      });
    }
    this.computed = { authority, drift };
    return this.computed;
  }

  private buildRequest(): ZoneLookupRequest {
    const {
      zoneId: _zoneId,
      strict: _strict,
      marker: _marker,
      expect: _expect,
      expectPolicy: _expectPolicy,
      reportUnexpected: _reportUnexpected,
      snapshot,
      offline,
      ...client
    } = this.props;
    const env = client.env ?? process.env;
    const resolvedOffline =
      offline ??
      parseOfflineFlag(env[LOOKUP_ENV.offline], LOOKUP_ENV.offline) ??
      parseOfflineFlag(this.node.tryGetContext(LOOKUP_CONTEXT.offline), `context ${LOOKUP_CONTEXT.offline}`) ??
      false;
    const dirFromContext: unknown = this.node.tryGetContext(LOOKUP_CONTEXT.snapshotDir);
    if (dirFromContext !== undefined && typeof dirFromContext !== 'string') {
      throw new InvalidInputError(
        `context ${LOOKUP_CONTEXT.snapshotDir}`,
        `context ${LOOKUP_CONTEXT.snapshotDir} must be a folder path (a string).`,
      );
    }
    const snapshotDir = nonEmpty(env[LOOKUP_ENV.snapshotDir]) ?? nonEmpty(dirFromContext);
    const request: { -readonly [K in keyof ZoneLookupRequest]: ZoneLookupRequest[K] } = {
      zoneId: this.zoneId,
      client: stripUndefined(client),
      offline: resolvedOffline,
    };
    if (snapshot !== undefined) request.snapshot = snapshot;
    if (snapshotDir !== undefined) request.snapshotDir = snapshotDir;
    return request;
  }

  private emit(): void {
    if (this.emitted) return;
    this.emitted = true;
    const result = this.result();
    const { authority, drift } = this.compute();
    const names = outputNames(this.zoneId);
    const output = (name: string, description: string, value: unknown): void => {
      new TerraformOutput(this, name, { value, description, staticId: true });
    };
    output(
      names.mappings,
      `Origin cloud region mappings of zone ${this.zoneId}`,
      mappingsOutput(result.mappings, authority),
    );
    output(names.vendorCounts, `Mappings per cloud vendor in zone ${this.zoneId}`, vendorCountsOutput(result.mappings));
    output(
      names.upperTierColos,
      `Tiered Cache upper-tier colos per origin of zone ${this.zoneId}, where known`,
      upperTierColosOutput(result.mappings, authority),
    );
    output(
      names.validation,
      `Validation of zone ${this.zoneId}'s mappings`,
      validationOutput(authority.kind, result.findings),
    );
    if (drift !== undefined)
      output(names.drift, `Zone ${this.zoneId}'s mappings compared with the expected ones`, driftOutput(drift));
    this.emitMarker(names.marker, markerTriggers(result.mappings));
    this.annotate(result, drift);
  }

  private emitMarker(logicalId: string, triggers: Record<string, string>): void {
    if (this.markerKind === 'none') return;
    if (this.markerKind === 'terraform_data') {
      new TerraformDataMarker(this, 'marker', triggers).overrideLogicalId(logicalId);
      return;
    }
    emitNullResourceMarker(this, logicalId, triggers);
  }

  private annotate(result: ZoneLookupResult, drift: ExpectationDrift | undefined): void {
    const annotations = Annotations.of(this);
    const report = (message: string): void =>
      this.props.strict ? annotations.addError(message) : annotations.addWarning(message);
    for (const f of result.findings.slice(0, MAX_FINDING_ANNOTATIONS)) report(`zone ${this.zoneId}: ${f.message}`);
    if (result.findings.length > MAX_FINDING_ANNOTATIONS) {
      report(
        `zone ${this.zoneId}: ${result.findings.length - MAX_FINDING_ANNOTATIONS} more findings; see output ${outputNames(this.zoneId).validation} for all of them.`,
      );
    }
    if (result.authority.kind === 'catalog') annotations.addInfo(`zone ${this.zoneId}: ${result.authority.reason}`);
    if (drift !== undefined && !drift.inSync) {
      const policy: ExpectPolicy = this.props.expectPolicy ?? 'warn';
      const message = describeDrift(this.zoneId, drift);
      if (policy === 'fail') annotations.addError(message);
      else annotations.addWarning(message);
    }
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
