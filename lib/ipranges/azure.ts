import { azureRegionId } from './azure-regions';
import {
  arrayField,
  isRecord,
  feedError,
  parseFeedJson,
  PrefixCollector,
  regionValue,
  versionField,
} from './parse-common';
import type { IpRangeFeed } from './types';

const TAG_PREFIX = 'AzureCloud.';

/**
 * Parses Azure's Service Tags file (`ServiceTags_Public_YYYYMMDD.json`): `changeNumber`, `cloud`,
 * `values[{name, id, properties{region, addressPrefixes[], …}}]`. Only the regional `AzureCloud.<region>` tags
 * are read (they cover every other tag of the region); the region name is mapped through
 * {@link AZURE_REGION_ALIASES} to Cloudflare's spelling.
 *
 * @param text - the file's text
 * @param source - its URL or path, for messages
 * @throws {@link IpRangeFeedError} when it is not such a file
 */
export function parseAzureFeed(text: string, source: string): IpRangeFeed {
  const ctx = { vendor: 'azure', source } as const;
  const root = parseFeedJson(ctx, text);
  const version = versionField(ctx, root, 'changeNumber');
  const out = new PrefixCollector(ctx);
  let regional = 0;
  arrayField(ctx, root, 'values').forEach((tag, i) => {
    const where = `values[${i}]`;
    if (!isRecord(tag)) feedError(ctx, `has a non-object entry at ${where}`);
    if (typeof tag.name !== 'string' || !tag.name.startsWith(TAG_PREFIX)) return;
    if (!isRecord(tag.properties)) feedError(ctx, `has no object "properties" at ${where}`);
    const props = tag.properties;
    const written =
      props.region === undefined || props.region === '' ? tag.name.slice(TAG_PREFIX.length) : props.region;
    const region = azureRegionId(regionValue(ctx, written, `${where}.properties.region`));
    regional += 1;
    arrayField(ctx, props, 'addressPrefixes').forEach((prefix, j) => {
      out.add(prefix, region, `${where}.properties.addressPrefixes[${j}]`);
    });
  });
  if (regional === 0) feedError(ctx, `has no "${TAG_PREFIX}<region>" service tags (is it the Public cloud file?)`);
  return { vendor: 'azure', version, prefixes: out.result() };
}
