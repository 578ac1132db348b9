/**
 * One zone in a stack: look up its origin cloud region mappings at synth time, then use them as plain
 * values in program code.
 *
 *   CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ZONE_ID=<zone id> [PRIMARY_ORIGIN_IP=<ip>] npx cdktf synth
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
// In your own repo: from 'cdktf-origin-cloud-regions'.
import { OriginCloudRegions } from '../../lib';

class EdgeStack extends TerraformStack {
  public constructor(scope: Construct, id: string, zoneId: string, primaryOriginIp?: string) {
    super(scope, id);
    // A relative path keeps this checkout's absolute path out of cdk.tf.json.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });

    const origins = new OriginCloudRegions(this, 'origins', { zoneId });

    // The mappings are ordinary synth-time values: filter, branch and loop on them like on any other data.
    new TerraformOutput(this, 'aws_origin_ips', {
      value: origins.forVendor('aws').map((m) => m.originIp),
    });
    const gcpRegions = [...new Set(origins.forVendor('gcp').map((m) => m.region))].sort();
    if (gcpRegions.length > 0) {
      // Only zones with GCP origins get this output.
      new TerraformOutput(this, 'gcp_regions', { value: gcpRegions });
    }
    if (primaryOriginIp !== undefined) {
      // find() accepts any notation of the IP (2001:DB8:0::1 finds 2001:db8::1).
      const primary = origins.find(primaryOriginIp);
      new TerraformOutput(this, 'primary_origin_region', {
        value: primary === undefined ? 'unmapped' : `${primary.vendor}/${primary.region}`,
      });
    }
  }
}

const app = new App({ stackTraces: false });
new EdgeStack(app, 'edge', process.env.CLOUDFLARE_ZONE_ID ?? '', process.env.PRIMARY_ORIGIN_IP || undefined);
app.synth();
