import { Aspects, TerraformOutput, TerraformStack } from './engine';
import { Construct, type IConstruct } from 'constructs';
import { isPrintableText } from '../model/wire-values';
import { validateZoneId } from '../client/validate-input';
import { markerDigest } from '../model/drift-marker';
import { compareWithExpectations, normalizeExpectations, type ExpectationDrift } from '../expectations/compare';
import { InvalidInputError, OriginCloudRegionsError } from '../errors';
import { missingSourceWarning } from '../coverage/collect';
import { NOT_RECORDED } from '../lookup/coverage';
import type {
  LookupAuthority,
  LookupCoverage,
  ZoneLookupOutcome,
  ZoneLookupRequest,
  ZoneLookupResult,
} from '../lookup/types';
import { ipRangesOutput } from '../ipranges/zone';
import { canonicalIp } from '../model/ip';
import { VENDORS, placementOf, type OriginCloudRegionMapping } from '../model/mapping';
import type { SupportedRegions } from '../model/supported-regions';
import { quietly } from '../files/write-file';
import { terraformLiteral } from '../sinks/terraform';
import { forTerminal, quoteForMessage } from '../sinks/terminal';
import { regionAuthorityOf } from '../lookup/result';
import { upperTierColosFor, type RegionAuthority } from '../validate/authority';
import { suggestVendor } from '../validate/suggest';
import { validateExpectations } from '../validate/validate-expectations';
import type { ValidationFinding } from '../validate/validate-mappings';
import { LiteralOutput, PassThroughValue } from './literal-output';
import { terraformLiteralDeep, terraformLiteralMap } from './terraform-json';
import { emitMarker } from './marker-resource';
import {
  coverageOutput,
  describeDrift,
  driftOutput,
  outputNames,
  upperTierColosOutput,
  validationOutput,
  vendorCountsOutput,
} from './outputs';
import { PROP_NAMES, type ExpectPolicy, type MarkerKind, type OriginCloudRegionsProps } from './props';
import { registryOf, type BatchResolver } from './registry';
import { guardEngine } from './engine-guard';
import { resolveConstructSettings } from './settings';
import { resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';

/** Findings listed one annotation each; past this, one more annotation summarizes the rest. */
const MAX_FINDING_ANNOTATIONS = 20;

/**
 * A zone's origin cloud region mappings, looked up at synth time and validated, as plain values
 * (`lookup.mappings`, `lookup.forVendor('aws')`, `lookup.find(ip)`) and as Terraform outputs `ocr_<zone>_*` plus a
 * drift marker resource whose replacement in `terraform plan` names the origins that moved (lib/construct/README.md
 * lists them). Findings become warning annotations (error annotations with `strict`). Nothing secret is written.
 *
 * The constructor only registers the zone: the first time any lookup's data is needed (a getter, or `cdktf synth`),
 * every pending lookup of the app is resolved in one blocking call to a worker thread, which fetches the zones
 * concurrently. Create all lookups before reading any of their data, and several zones cost about as much as one.
 *
 * @example
 * ```ts
 * // In a TerraformStack's constructor; reads CLOUDFLARE_API_TOKEN from the environment.
 * const lookup = new OriginCloudRegions(this, 'origins', {
 *   zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
 *   expect: [{ originIp: '192.0.2.1', vendor: 'aws', region: 'us-east-1' }],
 * });
 * new TerraformOutput(this, 'aws_origins', { value: lookup.forVendor('aws').map((m) => m.originIp) });
 * ```
 */
export class OriginCloudRegions extends Construct {
  /** The zone id looked up. */
  public readonly zoneId: string;
  /** The zone's label (the `label` prop), when one was given. */
  public readonly label: string | undefined;
  /** The marker resource this lookup emits. */
  public readonly markerKind: MarkerKind;
  private readonly props: OriginCloudRegionsProps;
  private readonly settings: ReturnType<typeof resolveConstructSettings>;
  /** The environment every setting of this lookup is read from: `client.env`, else `process.env`. */
  private readonly env: Env;
  private outcome: ZoneLookupOutcome | undefined;
  private expectationDrift: { readonly value: ExpectationDrift | undefined } | undefined;
  private regionAuthority: RegionAuthority | undefined;
  private large: LargeValues | undefined;
  private emitted = false;

  /**
   * Replaces how the lookups of `scope`'s app are resolved (by default: the real lookup, in a worker thread).
   * Call it before any lookup's data is read. With `resolverFromResults([lookupResultOf({...})])`, a stack's
   * logic (outputs, annotations, findings, drift) is unit-tested without the API, an emulator or the worker.
   *
   * @throws {@link InvalidInputError} when the app's lookups were already resolved
   * @example
   * ```ts
   * const app = Testing.app();
   * OriginCloudRegions.useResolver(app, resolverFromResults([lookupResultOf({ zoneId, mappings })]));
   * ```
   */
  public static useResolver(scope: IConstruct, resolver: BatchResolver): void {
    registryOf(scope).useResolver(resolver);
  }

  /**
   * Registers the lookup; no request is sent yet (see the class documentation).
   *
   * @throws {@link InvalidInputError} for a bad zone id, label, marker, policy, setting or expectation shape,
   *   or a second lookup of the same zone in the same stack
   */
  public constructor(scope: Construct, id: string, props: OriginCloudRegionsProps) {
    super(scope, id);
    this.env = (props as OriginCloudRegionsProps | undefined)?.client?.env ?? process.env;
    try {
      guardEngine(this);
      if (typeof props !== 'object' || props === null) {
        throw new InvalidInputError('props', 'OriginCloudRegions needs props: { zoneId: "<32 hex characters>" }.');
      }
      checkPropNames(props);
      this.zoneId = validateZoneId(props.zoneId, 'zoneId');
      this.label = validateLabel(props.label);
      this.settings = resolveConstructSettings(props, this.env, (key) => this.node.tryGetContext(key));
      this.markerKind = this.settings.marker;
      const policy: unknown = props.expectPolicy;
      if (policy !== undefined && policy !== 'warn' && policy !== 'fail') {
        throw new InvalidInputError(
          'expectPolicy',
          `expectPolicy ${forTerminal(JSON.stringify(policy))} is not "warn" or "fail". Pick one of them.`,
        );
      }
      // Checks the shape now (errors name the entry as written); vendors and regions are checked once the
      // authority is known, against the list as written too, so `expect[i]` always names the user's entry.
      if (props.expect !== undefined) normalizeExpectations(props.expect, 'expect');
      this.props = props;

      const stack = TerraformStack.of(this);
      registryOf(this).claimZone(stack.node.path, this.zoneId, this.node.path);
      const { offline, snapshot, snapshotDir, verifyIpRanges, coverage, perPage } = this.settings;
      const client = stripUndefined({ ...props.client, perPage });
      const request: ZoneLookupRequest = {
        zoneId: this.zoneId,
        client,
        offline,
        snapshot,
        snapshotDir,
        label: this.label,
        verifyIpRanges,
        coverage,
      };
      registryOf(this).add({ request: stripUndefined(request), settle: (outcome) => this.settle(outcome) });
    } catch (error) {
      throw forUser(error, this.env);
    }
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

  /** Problems found in the zone's mappings (unknown vendor or region, implausible value, non-canonical IP), sorted. */
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
   * The zone's coverage with `coverage` on (origins without a mapping, mappings without an origin, hostnames, the
   * sources that could not be read), else `undefined`. Its findings are in {@link findings}.
   */
  public get coverage(): LookupCoverage | undefined {
    return this.result().coverage;
  }

  /**
   * The live mappings compared with `expect`, or `undefined` without expectations.
   * @throws {@link errors!InvalidExpectationError} when an expectation names an unknown vendor or region
   */
  public get drift(): ExpectationDrift | undefined {
    const mappings = this.mappings;
    if (this.expectationDrift !== undefined) return this.expectationDrift.value;
    const { expect, reportUnexpected = false } = this.props;
    const expected =
      expect === undefined ? undefined : this.userFacing(() => validateExpectations(expect, this.authorityOfResult()));
    const value =
      expected === undefined ? undefined : compareWithExpectations(mappings, expected, { reportUnexpected });
    this.expectationDrift = { value };
    return value;
  }

  /**
   * The mappings of one vendor (for example `aws`), in mapping order; empty when the zone has none.
   * @throws {@link InvalidInputError} when `vendor` is neither a vendor Cloudflare supports nor one in the zone
   *   (a typo such as `gpc` would otherwise silently match nothing), with a did-you-mean
   */
  public forVendor(vendor: string): OriginCloudRegionMapping[] {
    const mappings = this.mappings;
    if (typeof vendor !== 'string' || !this.knownVendors().has(vendor)) {
      const suggested = typeof vendor === 'string' ? suggestVendor(this.authorityOfResult(), vendor) : undefined;
      // Vendor names may come from the API or a snapshot: the whole message goes through the terminal sink.
      const message =
        `forVendor(${quoteForMessage(JSON.stringify(vendor) ?? String(vendor), 80)}): not a cloud vendor (${[...this.knownVendors()].join(', ')})` +
        (suggested === undefined ? '. Pass one of them.' : `; did you mean "${suggested}"?`);
      throw forUser(new InvalidInputError('vendor', forTerminal(message)), this.env);
    }
    return mappings.filter((m) => m.vendor === vendor);
  }

  /**
   * The mapping of an origin IP, written in any notation (`2001:DB8:0::1` finds `2001:db8::1`), or `undefined`.
   * @throws {@link InvalidInputError} when `ip` is not an IP address
   */
  public find(ip: string): OriginCloudRegionMapping | undefined {
    const canonical = this.userFacing(() => canonicalIp(ip, 'ip'));
    return this.mappings.find((m) => m.originIp === canonical);
  }

  /** The Tiered Cache upper-tier colos of an origin, or `undefined` when unknown or not mapped. */
  public upperTierColos(ip: string): readonly string[] | undefined {
    const m = this.find(ip);
    return m && upperTierColosFor(this.authorityOfResult(), m.vendor, m.region);
  }

  private knownVendors(): Set<string> {
    return new Set([...VENDORS, ...this.authorityOfResult().vendors.keys(), ...this.mappings.map((m) => m.vendor)]);
  }

  // The outcome arrives while the other zones of the batch are still being fetched: the values that grow with the
  // zone are built now, during that wait, rather than after it. A value that cannot be written is built again by
  // emit(), which throws its error in the order of the outputs, as if nothing had been prepared.
  private settle(outcome: ZoneLookupOutcome): void {
    this.outcome = outcome;
    if (!outcome.ok) return;
    const large = this.largeValues();
    for (const build of [large.mappings, large.upperTierColos, large.coverage, large.triggers]) quietly(build);
  }

  /**
   * The outputs and marker triggers that grow with the zone, made literal for Terraform, each built once. The pairs
   * are emitted once: beside the mappings output the marker carries only their digest (it still changes exactly when
   * a mapping moves); with `outputs: 'summary'` the marker carries the pairs, so that `terraform plan` names the
   * origins that moved.
   */
  private largeValues(): LargeValues {
    if (this.large !== undefined) return this.large;
    const result = this.result();
    const names = outputNames(this.zoneId);
    const full = this.settings.outputs === 'full';
    const markerField = `marker ${names.marker}`;
    this.large = {
      // canonical origin IP → "vendor/region", made literal in one pass (the largest value of a stack)
      mappings: once(() =>
        full
          ? PassThroughValue.filled((into) =>
              terraformLiteralMap(result.mappings, (m) => m.originIp, placementOf, `output ${names.mappings}`, into),
            )
          : undefined,
      ),
      upperTierColos: once(() =>
        full
          ? new PassThroughValue(
              terraformLiteralDeep(
                upperTierColosOutput(result.mappings, this.authorityOfResult()),
                `output ${names.upperTierColos}`,
              ),
            )
          : undefined,
      ),
      coverage: once(() =>
        result.coverage === undefined
          ? undefined
          : new PassThroughValue(
              terraformLiteralDeep({ ...coverageOutput(result.coverage.report) }, `output ${names.coverage}`),
            ),
      ),
      triggers: once(() =>
        this.markerKind === 'none'
          ? undefined
          : full
            ? terraformLiteralDeep({ ...markerDigest(result.mappings) }, markerField)
            : // The pairs, in one pass (result.mappings is sorted; cdktf sorts the keys again when it writes).
              terraformLiteralMap(result.mappings, (m) => m.originIp, placementOf, markerField),
      ),
    };
    return this.large;
  }

  private result(): ZoneLookupResult {
    if (this.outcome === undefined) registryOf(this).resolvePending();
    const outcome = this.outcome;
    if (outcome === undefined) throw new Error(`The lookup of zone ${this.zoneId} was not resolved.`);
    if (!outcome.ok) throw forUser(outcome.error, this.env);
    return outcome.result;
  }

  // Rebuilt from the result (pure), so that upper-tier colos, forVendor and expectation checks use the same
  // authority; kept apart from the expectation check, so that a bad `expect` never breaks `forVendor`.
  private authorityOfResult(): RegionAuthority {
    return (this.regionAuthority ??= regionAuthorityOf(this.result()));
  }

  private emit(): void {
    if (this.emitted) return;
    this.emitted = true;
    this.userFacing(() => this.emitAll());
  }

  private userFacing<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      throw forUser(error, this.env);
    }
  }

  private emitAll(): void {
    const result = this.result();
    const drift = this.drift;
    const authorityKind = this.authorityOfResult().kind;
    const names = outputNames(this.zoneId);
    // Every string written into cdk.tf.json is made literal for Terraform: data from the API or a snapshot
    // must never become a `${...}` or `%{...}` template that `terraform plan` evaluates.
    const output = (name: string, description: string, value: unknown): void => {
      new TerraformOutput(this, name, {
        value: terraformLiteralDeep(value, `output ${name}`),
        description: terraformLiteral(description),
        staticId: true,
      });
    };
    // The values that grow with the zone are written past the engine's token resolution (see LiteralOutput).
    const literal = (name: string, description: string, value: PassThroughValue | undefined): void => {
      if (value !== undefined) new LiteralOutput(this, name, { value, description: terraformLiteral(description) });
    };
    const zone = this.label === undefined ? `zone ${this.zoneId}` : `zone ${this.zoneId} (${this.label})`;
    const large = this.largeValues();
    literal(names.mappings, `Origin IP → "vendor/region" of every mapping of ${zone}`, large.mappings());
    literal(
      names.upperTierColos,
      `Tiered Cache upper-tier colos per "vendor/region" used in ${zone}, where known`,
      large.upperTierColos(),
    );
    output(names.vendorCounts, `Mappings per cloud vendor in ${zone}`, vendorCountsOutput(result.mappings));
    output(names.summary, `Summary of the origin cloud region lookup of ${zone}`, {
      zone_id: this.zoneId,
      label: this.label,
      mappings: result.mappings.length,
      authority: authorityKind,
      findings: result.findings.length,
    });
    output(names.validation, `Validation of the mappings of ${zone}`, {
      ...validationOutput(authorityKind, result.findings),
      ip_ranges: result.ipRanges === undefined ? undefined : ipRangesOutput(result.ipRanges),
    });
    if (drift !== undefined)
      output(names.drift, `The mappings of ${zone} compared with the expected ones`, driftOutput(drift));
    const description = `Origins of ${zone} without a mapping, and mappings without an origin`;
    literal(names.coverage, description, large.coverage());
    const triggers = large.triggers();
    if (triggers !== undefined && this.markerKind !== 'none') emitMarker(this, this.markerKind, names.marker, triggers);
    const shown = this.annotate(result, drift);
    if (!this.settings.quiet) {
      process.stdout.write(`${forTerminal(summaryLine(zone, result, this.settings.strict))}\n`);
    }
    // The cdktf and cdktn CLIs, which set `CDKTF_OUTDIR` for the app they start, print every annotation; an app run
    // directly (`npx tsx main.ts`) prints none.
    if (shown.length > 0 && resolveSetting(SETTINGS.cdktfOutdir, { env: process.env }) === undefined) {
      process.stderr.write(shown.map((l) => `${l}\n`).join(''));
    }
  }

  /** Adds this lookup's annotations; returns them as the cdktf CLI prints them (`WARN [path]: message`). */
  private annotate(result: ZoneLookupResult, drift: ExpectationDrift | undefined): string[] {
    // Written as cdktf's own annotation entries (the same metadata types in cdktn), without the stack trace cdktf
    // would attach: in a user's app it points into this package's files and buries the message.
    const lines: string[] = [];
    const note = (level: 'info' | 'warn' | 'error', message: string): void => {
      this.node.addMetadata(`@cdktf/${level}`, forTerminal(message), { stackTrace: false });
      lines.push(`${level.toUpperCase()} [${this.node.path}]: ${forTerminal(message)}`);
    };
    const report = (message: string): void => note(this.settings.strict ? 'error' : 'warn', message);
    for (const f of result.findings.slice(0, MAX_FINDING_ANNOTATIONS)) report(`zone ${this.zoneId}: ${f.message}`);
    if (result.findings.length > MAX_FINDING_ANNOTATIONS) {
      report(
        `zone ${this.zoneId}: ${result.findings.length - MAX_FINDING_ANNOTATIONS} more findings; see output ${outputNames(this.zoneId).validation} for all of them.`,
      );
    }
    if (result.authority.kind === 'catalog') note('info', `zone ${this.zoneId}: ${result.authority.reason}`);
    // A feed's warning concerns every zone of the synth: shown once per app, on the first zone that meets it.
    const shown = feedWarningsShown.get(this.node.root) ?? new Set<string>();
    feedWarningsShown.set(this.node.root, shown);
    const coverage = result.coverage;
    for (const m of coverage?.report.missing ?? []) {
      if (m.reason !== NOT_RECORDED) note('warn', missingSourceWarning(this.zoneId, m));
    }
    for (const warning of [...(result.ipRanges?.warnings ?? []), ...(coverage?.warnings ?? [])]) {
      if (!shown.has(warning)) note('warn', warning);
      shown.add(warning);
    }
    if (drift !== undefined && !drift.inSync) {
      const policy: ExpectPolicy = this.props.expectPolicy ?? 'warn';
      note(policy === 'fail' ? 'error' : 'warn', describeDrift(this.zoneId, drift));
    }
    return lines;
  }
}

/** A lookup's values that grow with its zone; `undefined` when the lookup's settings emit no such value. */
interface LargeValues {
  readonly mappings: () => PassThroughValue | undefined;
  readonly upperTierColos: () => PassThroughValue | undefined;
  readonly coverage: () => PassThroughValue | undefined;
  readonly triggers: () => Record<string, string> | undefined;
}

/** `build`, run on the first call only; a build that throws is run again on the next call. */
function once<T>(build: () => T): () => T {
  let built: { readonly value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

const feedWarningsShown = new WeakMap<IConstruct, Set<string>>();

/** The one line printed per lookup on a successful synth; with `strict`, findings are errors. */
function summaryLine(zone: string, result: ZoneLookupResult, strict: boolean): string {
  const n = result.mappings.length;
  const findings = result.findings.length;
  const from = result.source === 'api' ? 'from the API' : 'from its snapshot';
  return (
    `origin-cloud-regions: ${zone}: ${n} ${n === 1 ? 'mapping' : 'mappings'} ${from}, ` +
    `validated against ${result.authority.kind}, ` +
    `${findings === 0 ? 'no findings' : `${findings} ${findings === 1 ? 'finding' : 'findings'} (see the ${strict ? 'errors' : 'warnings'})`}`
  );
}

function checkPropNames(props: object): void {
  const unknown = Object.keys(props).find((key) => !PROP_NAMES.has(key));
  if (unknown !== undefined) {
    const name = quoteForMessage(unknown, 60);
    throw new InvalidInputError(
      unknown,
      `${name} is not a prop of OriginCloudRegions. Client options (apiToken, baseUrl, timeouts, proxy, env, ...) go under \`client\`, for example { zoneId, client: { ${name}: ... } }; other props are ${[...PROP_NAMES].join(', ')}.`,
    );
  }
  const client: unknown = (props as { client?: unknown }).client;
  if (client !== undefined && (typeof client !== 'object' || client === null || Array.isArray(client))) {
    throw new InvalidInputError(
      'client',
      'client must be an object of client options, for example { apiToken, baseUrl }.',
    );
  }
}

function validateLabel(label: unknown): string | undefined {
  if (label === undefined) return undefined;
  if (!isPrintableText(label)) {
    throw new InvalidInputError(
      'label',
      'label must be printable text of 1 to 200 characters (no line breaks or control characters). Shorten or fix it.',
    );
  }
  return label;
}

/**
 * This package's errors reach the user through cdktf, which prints the whole stack: a message the user acts on
 * needs no trace into this package's files. `ORIGIN_CLOUD_REGIONS_DEBUG=1` in the lookup's environment keeps the traces.
 */
function forUser(error: unknown, env: Env): unknown {
  if (error instanceof OriginCloudRegionsError && !keepsTraces(env)) {
    error.stack = `${error.name} [${error.code}]: ${error.message}`;
  }
  return error;
}

function keepsTraces(env: Env): boolean {
  try {
    return resolveSetting(SETTINGS.debug, { env });
  } catch {
    // Read while reporting another error, which a bad value here must not hide.
    return false;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
