/**
 * Small hand-made feeds in each vendor's format (never real feed data): documentation addresses only.
 */

/** An AWS `ip-ranges.json` with the given IPv4 and IPv6 entries (`[prefix, region]`). */
export function awsFeed(v4: [string, string][], v6: [string, string][] = [], syncToken = '1700000000'): string {
  return JSON.stringify({
    syncToken,
    createDate: '2026-11-30-00-00-00',
    prefixes: v4.map(([ip_prefix, region]) => ({ ip_prefix, region, service: 'EC2', network_border_group: region })),
    ipv6_prefixes: v6.map(([ipv6_prefix, region]) => ({
      ipv6_prefix,
      region,
      service: 'EC2',
      network_border_group: region,
    })),
  });
}

/** A Google `cloud.json` with the given entries (`[prefix, scope]`; IPv6 when the prefix has a colon). */
export function gcpFeed(entries: [string, string][], syncToken = '1700000000001'): string {
  return JSON.stringify({
    syncToken,
    creationTime: '2026-11-30T00:00:00.000000',
    prefixes: entries.map(([p, scope]) =>
      p.includes(':')
        ? { ipv6Prefix: p, service: 'Google Cloud', scope }
        : { ipv4Prefix: p, service: 'Google Cloud', scope },
    ),
  });
}

/** An Oracle `public_ip_ranges.json` with the given regions. */
export function ociFeed(regions: Record<string, string[]>, stamp = '2026-11-30T00:00:00.000000'): string {
  return JSON.stringify({
    last_updated_timestamp: stamp,
    regions: Object.entries(regions).map(([region, cidrs]) => ({
      region,
      cidrs: cidrs.map((cidr) => ({ cidr, tags: ['OCI'] })),
    })),
  });
}

/** An Azure Service Tags file with one `AzureCloud.<region>` tag per entry, plus a service tag to be ignored. */
export function azureFeed(regions: Record<string, string[]>, changeNumber = 42): string {
  return JSON.stringify({
    changeNumber,
    cloud: 'Public',
    values: [
      ...Object.entries(regions).map(([region, addressPrefixes]) => ({
        name: `AzureCloud.${region}`,
        id: `AzureCloud.${region}`,
        properties: { changeNumber: 1, region, regionId: 1, platform: 'Azure', systemService: '', addressPrefixes },
      })),
      {
        name: 'Storage.Elsewhere',
        id: 'Storage.Elsewhere',
        properties: { changeNumber: 1, region: 'elsewhere', addressPrefixes: ['0.0.0.0/0'] },
      },
    ],
  });
}
