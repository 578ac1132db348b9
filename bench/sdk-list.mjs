// The official `cloudflare` SDK as a whole process, the way its docs show: `for await` auto-pagination over
// `cache.originCloudRegions.list({ zone_id, per_page: 100 })`, then the mappings as a JSON array on stdout.
// Plain JavaScript so that no transpiler start-up is charged to the SDK. Usage: node bench/sdk-list.mjs <zone id>
// Reads CLOUDFLARE_API_TOKEN and CLOUDFLARE_BASE_URL (the bench points it at the loopback emulator).
import Cloudflare from 'cloudflare';

const zoneId = process.argv[2];
const sdk = new Cloudflare({
  apiToken: process.env.CLOUDFLARE_API_TOKEN,
  apiKey: null,
  apiEmail: null,
  baseURL: process.env.CLOUDFLARE_BASE_URL,
  maxRetries: 0,
});
const mappings = [];
for await (const m of sdk.cache.originCloudRegions.list({ zone_id: zoneId, per_page: 100 })) mappings.push(m);
process.stdout.write(JSON.stringify(mappings) + '\n');
