import type { OriginCloudRegionsClient } from './client';
import { mapConcurrent } from './concurrent';
import type { MappingList } from './listing';
import { validateZoneId } from './validate-input';

/**
 * Lists several zones concurrently (at most the client's `pageConcurrency` zones at once, all requests
 * within the process-wide cap). The result is in input order; a zone given twice is fetched once.
 * Every zone id is checked before any request; the first failure stops the other zones and is thrown.
 *
 * @throws {@link InvalidInputError} for a bad zone id (field `zoneIds[i]`), before any request
 * @throws the errors of {@link OriginCloudRegionsClient.listMappings}
 */
export async function listZones(
  client: OriginCloudRegionsClient,
  zoneIds: readonly string[],
  options: { readonly perPage?: number } = {},
): Promise<MappingList[]> {
  const ids = zoneIds.map((id, i) => validateZoneId(id, `zoneIds[${i}]`, client.config.redact));
  const unique = [...new Set(ids)];
  const lists = await mapConcurrent(unique, client.config.pageConcurrency, (id, signal) =>
    client.listMappingsWithSignal(id, options, signal),
  );
  const byZone = new Map(unique.map((id, i) => [id, lists[i]]));
  return ids.map((id) => byZone.get(id)!);
}
