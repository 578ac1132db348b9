/**
 * Several zones, one stack, and the code's own record of where the origins run: a synth fails when a
 * zone's live mappings drift from it.
 *
 *   CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ZONE_ID=<zone id>,<zone id>,... npx cdktf synth
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
// In your own repo: from 'cdktf-origin-cloud-regions'.
import { OriginCloudRegions, type Expectation } from '../../lib';

/** The origin pool every zone fronts, and where each origin must be mapped. */
const ORIGIN_POOL: readonly Expectation[] = [
  { originIp: '192.0.2.10', vendor: 'aws', region: 'us-east-1' },
  { originIp: '192.0.2.11', vendor: 'aws', region: 'us-east-1' },
  { originIp: '198.51.100.5', vendor: 'gcp', region: 'us-central1' },
  { originIp: '2001:db8:1000::20', vendor: 'aws', region: 'us-west-2' },
];

class OriginsStack extends TerraformStack {
  public constructor(scope: Construct, id: string, zoneIds: readonly string[]) {
    super(scope, id);
    // A relative path keeps this checkout's absolute path out of cdk.tf.json.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    // All zones are fetched concurrently, in one batch, when the stack is synthesized.
    for (const zoneId of zoneIds) {
      new OriginCloudRegions(this, zoneId, {
        zoneId,
        expect: ORIGIN_POOL,
        expectPolicy: 'fail',
        marker: 'terraform_data',
      });
    }
  }
}

const zoneIds = (process.env.CLOUDFLARE_ZONE_ID ?? '')
  .split(',')
  .map((z) => z.trim())
  .filter((z) => z !== '');
if (zoneIds.length === 0) throw new Error('Set CLOUDFLARE_ZONE_ID to one or more zone ids, comma-separated.');

const app = new App({ stackTraces: false });
new OriginsStack(app, 'origins', zoneIds);
app.synth();
