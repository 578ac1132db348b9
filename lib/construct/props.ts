import type { Expectation } from '../expectations/compare';
import type { LookupClientOptions } from '../lookup/types';
import type { OutputSet } from './outputs';

/** The drift marker resource a lookup emits. */
export type MarkerKind = 'null_resource' | 'terraform_data' | 'none';

/** What happens when the live mappings differ from the declared expectations. */
export type ExpectPolicy = 'warn' | 'fail';

/**
 * Properties of {@link OriginCloudRegions}. Only `zoneId` is required; how the API is reached
 * (`apiToken`, `baseUrl`, timeouts, proxy, ...) goes under `client`. A prop left out whose default names an
 * environment variable is read from it, else from the cdktf context key `originCloudRegions:<prop>` (docs/options.md).
 */
export interface OriginCloudRegionsProps {
  /** The Cloudflare zone id whose origin cloud region mappings are looked up (32 lowercase hex characters). */
  readonly zoneId: string;
  /**
   * How to reach the Cloudflare API: credentials, base URL, timeouts, retries, page concurrency, rate budget,
   * proxy and the environment to read them from.
   * @default every client option from its environment variable (`CLOUDFLARE_API_TOKEN`, ...); `perPage` also from
   *   the context key `originCloudRegions:perPage`, else 100
   * @example `{ apiToken: process.env.CF_TOKEN_SHOP, proxy: 'http://proxy.corp.example:3128' }`
   */
  readonly client?: LookupClientOptions;
  /**
   * Make every validation finding (unknown vendor or region, non-canonical IP) an error annotation, which fails `cdktf synth`.
   * @default false (env `ORIGIN_CLOUD_REGIONS_STRICT`): findings are warning annotations
   */
  readonly strict?: boolean;
  /**
   * A short name for the zone (for example `shop-prod`), carried into the `ocr_<zone>_summary` output, the
   * snapshot and the drift reports, so reviewers see which zone moved. Printable text, at most 200 characters.
   * @default no label
   */
  readonly label?: string;
  /**
   * The drift marker resource: `null_resource` (needs the `hashicorp/null` provider), `terraform_data`
   * (built into Terraform 1.4+, no provider download), or `none`.
   * @default 'null_resource' (env `ORIGIN_CLOUD_REGIONS_MARKER`)
   */
  readonly marker?: MarkerKind;
  /**
   * Which outputs to emit: `full` (every output), or `summary`, which leaves out the two bulky ones
   * (`ocr_<zone>_mappings` and `ocr_<zone>_upper_tier_colos`) and keeps the marker, counts, summary and validation.
   * @default 'full'
   */
  readonly outputs?: OutputSet;
  /**
   * Print nothing on a successful lookup (by default one summary line per zone goes to stdout).
   * @default false (env `ORIGIN_CLOUD_REGIONS_QUIET`)
   */
  readonly quiet?: boolean;
  /**
   * Where the code says origins run; compared with the live list and emitted as the `ocr_<zone>_drift` output.
   * IPs may be in any notation. An unknown vendor or region fails the synth with a did-you-mean.
   * @default no expectations (no drift output)
   */
  readonly expect?: readonly Expectation[];
  /**
   * What drift from `expect` does: `warn` adds a warning annotation, `fail` an error annotation (the synth fails).
   * @default 'warn'
   */
  readonly expectPolicy?: ExpectPolicy;
  /**
   * Also report mapped origins that no expectation names (off because a zone may hold origins managed elsewhere).
   * @default false
   */
  readonly reportUnexpected?: boolean;
  /**
   * Write a snapshot after an online lookup: `true` for `<snapshotDir>/<zoneId>.json`, or a file path
   * (also the file an offline synth reads).
   * @default false (env `ORIGIN_CLOUD_REGIONS_SNAPSHOT`)
   */
  readonly snapshot?: boolean | string;
  /**
   * The folder of the snapshot files `<zoneId>.json`, relative to the working directory.
   * @default '.origin-cloud-regions' (env `ORIGIN_CLOUD_REGIONS_SNAPSHOT_DIR`)
   */
  readonly snapshotDir?: string;
  /**
   * Read the zone's snapshot instead of calling the API.
   * @default false (env `ORIGIN_CLOUD_REGIONS_OFFLINE`)
   */
  readonly offline?: boolean;
  /**
   * Check every mapping against the IP ranges AWS, Google Cloud, Oracle and Azure publish (docs/ip-ranges.md): a
   * mapping they contradict is a `region-mismatch` or `vendor-mismatch` finding, and `ocr_<zone>_validation` gains
   * `ip_ranges` (feed versions, verdict counts, the IPs not confirmed). Offline, the snapshot's recorded verdicts are used.
   * @default false (env `ORIGIN_CLOUD_REGIONS_VERIFY_IP_RANGES`)
   */
  readonly verifyIpRanges?: boolean;
  /**
   * Report the zone's coverage (docs/coverage.md): its origins (proxied DNS records, load balancer pools) that the
   * IP range feeds place in a cloud but that have no mapping (`unmapped-origin`), and the mappings whose IP is no
   * origin of the zone (`orphaned-mapping`), as findings and as the `ocr_<zone>_coverage` output. Needs DNS Read and
   * Load Balancing read permissions, and the IP range feeds. Offline, the origins recorded in the snapshot are used.
   * @default false (env `ORIGIN_CLOUD_REGIONS_COVERAGE`)
   */
  readonly coverage?: boolean;
}

/**
 * Every prop name of {@link OriginCloudRegionsProps} (the compiler checks the list is complete), so that an
 * unknown prop is refused instead of ignored: in 0.1 the client options sat beside `zoneId`, and a
 * leftover `apiToken` there must not be dropped silently.
 */
export const PROP_NAMES: ReadonlySet<string> = new Set(
  Object.keys({
    zoneId: true,
    client: true,
    strict: true,
    label: true,
    marker: true,
    outputs: true,
    quiet: true,
    expect: true,
    expectPolicy: true,
    reportUnexpected: true,
    snapshot: true,
    snapshotDir: true,
    offline: true,
    verifyIpRanges: true,
    coverage: true,
  } satisfies Record<keyof OriginCloudRegionsProps, true>),
);
