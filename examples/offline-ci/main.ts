/**
 * Offline synth in CI: refresh a committed snapshot with credentials, synthesize from it without any.
 *
 *   Refresh (writes .origin-cloud-regions/<zone id>.json; commit it):
 *     CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ZONE_ID=<zone id> npx cdktf synth
 *   CI (no credentials, no network):
 *     ORIGIN_CLOUD_REGIONS_OFFLINE=1 CLOUDFLARE_ZONE_ID=<zone id> npx cdktf synth
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
// In your own repo: from 'cdktf-origin-cloud-regions'.
import { OriginCloudRegions } from '../../lib';

class OriginsStack extends TerraformStack {
  public constructor(scope: Construct, id: string, zoneId: string) {
    super(scope, id);
    // A relative path keeps this checkout's absolute path out of cdk.tf.json.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    // Online, the lookup writes the zone's snapshot; with ORIGIN_CLOUD_REGIONS_OFFLINE=1 it reads it instead.
    new OriginCloudRegions(this, 'origins', { zoneId, snapshot: true });
  }
}

const app = new App({ stackTraces: false });
new OriginsStack(app, 'origins', process.env.CLOUDFLARE_ZONE_ID ?? '');
app.synth();
