import { isPlausibleId } from '../model/mapping';
import { azureRegionId, azureRegionNamesFromTags, type ServiceTagName } from './azure-regions';
import {
  arrayField,
  isRecord,
  feedError,
  parseFeedJson,
  PrefixCollector,
  regionValue,
  versionField,
  type FeedContext,
} from './parse-common';
import { PrefixIndex } from './prefix-index';
import { parsePrefix } from './prefix';
import { UNKNOWN_REGION, type IpRangeFeed, type PublishedPrefix } from './types';

const GLOBAL_TAG = 'AzureCloud';
const TAG_PREFIX = `${GLOBAL_TAG}.`;

/**
 * Parses Azure's Service Tags file (`ServiceTags_Public_YYYYMMDD.json`): `changeNumber`, `cloud`,
 * `values[{name, id, properties{region, addressPrefixes[], …}}]`.
 *
 * The regional `AzureCloud.<region>` tags are read (they cover every other tag of the region). Their region,
 * spelled the file's way (`germanyn`), is translated to Cloudflare's (`germanynorth`) by the file's own regional
 * tag names ({@link azureRegionNamesFromTags}), else by {@link AZURE_REGION_ALIASES}. The global `AzureCloud` tag
 * adds the prefixes no regional tag covers, with region {@link UNKNOWN_REGION}: Azure's, region unknown.
 *
 * @param text - the file's text
 * @param source - its URL or path, for messages
 * @throws {@link IpRangeFeedError} when it is not such a file
 */
export function parseAzureFeed(text: string, source: string): IpRangeFeed {
  const ctx = { vendor: 'azure', source } as const;
  const root = parseFeedJson(ctx, text);
  const version = versionField(ctx, root, 'changeNumber');
  const tags = arrayField(ctx, root, 'values').map((tag, i) => {
    if (!isRecord(tag)) feedError(ctx, `has a non-object entry at values[${i}]`);
    return tag;
  });
  const names = azureRegionNamesFromTags(serviceTagNames(tags), isPlausibleId);
  const out = new PrefixCollector(ctx);
  let regional = 0;
  let global: { tag: Record<string, unknown>; where: string } | undefined;
  tags.forEach((tag, i) => {
    const where = `values[${i}]`;
    if (tag.name === GLOBAL_TAG) global = { tag, where };
    if (typeof tag.name !== 'string' || !tag.name.startsWith(TAG_PREFIX)) return;
    const props = propertiesOf(ctx, tag, where);
    const written =
      props.region === undefined || props.region === '' ? tag.name.slice(TAG_PREFIX.length) : props.region;
    const spelled = regionValue(ctx, written, `${where}.properties.region`);
    const region = names.get(spelled) ?? azureRegionId(spelled);
    regional += 1;
    arrayField(ctx, props, 'addressPrefixes').forEach((prefix, j) => {
      out.add(prefix, region, `${where}.properties.addressPrefixes[${j}]`);
    });
  });
  if (regional === 0) feedError(ctx, `has no "${TAG_PREFIX}<region>" service tags (is it the Public cloud file?)`);
  const prefixes = out.result();
  return {
    vendor: 'azure',
    version,
    prefixes: global ? [...prefixes, ...regionless(ctx, global.tag, global.where, prefixes)] : prefixes,
  };
}

function propertiesOf(ctx: FeedContext, tag: Record<string, unknown>, where: string): Record<string, unknown> {
  if (!isRecord(tag.properties)) feedError(ctx, `has no object "properties" at ${where}`);
  return tag.properties;
}

/** Every tag's name and region, for the translation (tags of another shape are skipped: only the names matter). */
function* serviceTagNames(tags: readonly Record<string, unknown>[]): Generator<ServiceTagName> {
  for (const tag of tags) {
    const region = isRecord(tag.properties) ? tag.properties.region : undefined;
    if (typeof tag.name === 'string' && typeof region === 'string') yield { name: tag.name, region };
  }
}

/**
 * The prefixes of the global `AzureCloud` tag that no regional prefix of equal or shorter length covers: listed
 * by Azure without a region. (A global prefix inside a regional one adds nothing; kept, it would hide the region
 * from a longest-prefix match.)
 */
function regionless(
  ctx: FeedContext,
  tag: Record<string, unknown>,
  where: string,
  regional: readonly PublishedPrefix[],
): PublishedPrefix[] {
  const index = PrefixIndex.build([{ vendor: 'azure', version: '', prefixes: regional }]);
  const out = new PrefixCollector(ctx);
  arrayField(ctx, propertiesOf(ctx, tag, where), 'addressPrefixes').forEach((prefix, j) => {
    const at = `${where}.properties.addressPrefixes[${j}]`;
    const parsed = typeof prefix === 'string' ? parsePrefix(prefix) : undefined;
    if (!parsed) return out.add(prefix, UNKNOWN_REGION, at); // refused there, naming the entry
    const covering = index.lookup('azure', parsed.canonical.slice(0, parsed.canonical.indexOf('/')));
    if (covering === undefined || covering.length > parsed.length) out.add(prefix, UNKNOWN_REGION, at);
  });
  return out.result();
}
