/**
 * Example infra app: one stack that looks up the origin cloud region mappings of the zones in
 * CLOUDFLARE_ZONE_ID (comma-separated) and emits them as Terraform outputs with a drift marker.
 *
 *   CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ZONE_ID=<zone>[,<zone>...] npm run synth
 *
 * ORIGIN_CLOUD_REGIONS_MARKER picks the marker (null_resource | terraform_data | none);
 * ORIGIN_CLOUD_REGIONS_OFFLINE=1 synthesizes from snapshots (.origin-cloud-regions/<zone>.json) without the API.
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
// In your own app: from 'cdktf-origin-cloud-regions'.
import {
  LOOKUP_CONTEXT,
  MARKER_KINDS,
  OriginCloudRegions,
  OriginCloudRegionsError,
  parseOfflineFlag,
  type MarkerKind,
} from './lib';

/** Settings of {@link OriginsStack}. */
interface OriginsStackProps {
  /** Zones to look up, one construct each. */
  readonly zoneIds: readonly string[];
  /** Drift marker kind. */
  readonly marker: MarkerKind;
  /** Write each zone's snapshot (for later offline synths). */
  readonly snapshot: boolean;
  /** Build the stack without any lookup (the benchmark's baseline). */
  readonly baseline: boolean;
}

/** The example stack: one lookup per zone. */
class OriginsStack extends TerraformStack {
  public constructor(scope: Construct, id: string, props: OriginsStackProps) {
    super(scope, id);
    // A relative path keeps the checkout's absolute path out of cdk.tf.json (portable, byte-identical synths).
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    if (props.baseline) return;
    for (const zoneId of props.zoneIds) {
      new OriginCloudRegions(this, `zone-${zoneId}`, {
        zoneId,
        marker: props.marker,
        snapshot: props.snapshot || undefined,
      });
    }
  }
}

function fail(message: string): never {
  process.stderr.write(`origin-cloud-regions: ${message}\n`);
  process.exit(1);
}

function main(): void {
  const env = process.env;
  const zoneIds = (env.CLOUDFLARE_ZONE_ID ?? '')
    .split(',')
    .map((z) => z.trim())
    .filter((z) => z !== '');
  const baseline = env.ORIGIN_CLOUD_REGIONS_BENCH_BASELINE === '1';
  if (zoneIds.length === 0 && !baseline) {
    fail('CLOUDFLARE_ZONE_ID is not set. Set it to the zone id to look up (comma-separated for several zones).');
  }
  const marker = (env.ORIGIN_CLOUD_REGIONS_MARKER ?? 'null_resource') as MarkerKind;
  if (!MARKER_KINDS.includes(marker)) {
    fail(`ORIGIN_CLOUD_REGIONS_MARKER is "${marker}". Set it to one of ${MARKER_KINDS.join(', ')}, or unset it.`);
  }
  // No stack traces in the manifest: they would carry absolute paths of this machine.
  const app = new App({ stackTraces: false });
  let offline = false;
  try {
    offline =
      parseOfflineFlag(env.ORIGIN_CLOUD_REGIONS_OFFLINE, 'ORIGIN_CLOUD_REGIONS_OFFLINE') ??
      parseOfflineFlag(app.node.tryGetContext(LOOKUP_CONTEXT.offline), `context ${LOOKUP_CONTEXT.offline}`) ??
      false;
  } catch (error) {
    fail((error as Error).message);
  }
  const hasCredentials =
    Boolean(env.CLOUDFLARE_API_TOKEN) || (Boolean(env.CLOUDFLARE_EMAIL) && Boolean(env.CLOUDFLARE_API_KEY));
  // Never fall back to made-up data: without credentials (and not offline) there is nothing honest to synthesize.
  if (!hasCredentials && !offline && !baseline) {
    fail(
      'No Cloudflare credentials. Set CLOUDFLARE_API_TOKEN (a token with "Zone → Zone Settings: Read"), or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY; ' +
        'or set ORIGIN_CLOUD_REGIONS_OFFLINE=1 to synthesize from snapshots. Try `npm run demo` for a local example.',
    );
  }

  try {
    new OriginsStack(app, 'origins', {
      zoneIds,
      marker,
      snapshot: env.ORIGIN_CLOUD_REGIONS_SNAPSHOT === '1',
      baseline,
    });
    app.synth();
  } catch (error) {
    if (error instanceof OriginCloudRegionsError) fail(error.message);
    throw error;
  }
}

main();
