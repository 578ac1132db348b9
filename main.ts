/**
 * Example infra app: one stack that looks up the origin cloud region mappings of the zones in
 * CLOUDFLARE_ZONE_ID (comma-separated) and emits them as Terraform outputs with a drift marker.
 *
 *   CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ZONE_ID=<zone>[,<zone>...] npm run synth
 *
 * The construct itself reads its settings from the environment (for example ORIGIN_CLOUD_REGIONS_MARKER,
 * ORIGIN_CLOUD_REGIONS_SNAPSHOT=1, ORIGIN_CLOUD_REGIONS_OFFLINE=1), as it does in any app, and refuses to
 * synthesize without credentials unless offline (it never falls back to made-up data).
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
// In your own app: from 'cdktf-origin-cloud-regions'.
import { OriginCloudRegions, OriginCloudRegionsError } from './lib';

/** Settings of {@link OriginsStack}. */
interface OriginsStackProps {
  /** Zones to look up, one construct each. */
  readonly zoneIds: readonly string[];
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
      new OriginCloudRegions(this, `zone-${zoneId}`, { zoneId });
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
  // No stack traces in the manifest: they would carry absolute paths of this machine.
  const app = new App({ stackTraces: false });
  try {
    new OriginsStack(app, 'origins', { zoneIds, baseline });
    app.synth();
  } catch (error) {
    if (error instanceof OriginCloudRegionsError) fail(error.message);
    throw error;
  }
}

main();
