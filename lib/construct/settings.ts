import { checkSnapshotOption } from '../lookup/settings';
import { resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';
import type { OriginCloudRegionsProps } from './props';

/**
 * The construct's settings, resolved once per lookup by `resolveSetting`'s one rule: the prop, else the environment
 * variable (`props.client.env`, else `process.env`), else the cdktf context key, else the default. `undefined` leaves
 * `snapshot` off, and `snapshotDir` and `perPage` to the lookup's defaults.
 */
export function resolveConstructSettings(props: OriginCloudRegionsProps, env: Env, context: (key: string) => unknown) {
  const sources = { env, context };
  const offline = resolveSetting(SETTINGS.offline, { ...sources, prop: props.offline });
  const snapshot = checkSnapshotOption(props.snapshot) ?? resolveSetting(SETTINGS.snapshot, sources);
  return {
    offline,
    snapshot: snapshot === false ? undefined : snapshot,
    // A blank folder counts as unset, in the prop as in the variable; the lookup then uses its default.
    snapshotDir: resolveSetting(SETTINGS.snapshotDir, { ...sources, prop: props.snapshotDir, fallback: undefined }),
    marker: resolveSetting(SETTINGS.marker, { ...sources, prop: props.marker }),
    strict: resolveSetting(SETTINGS.strict, { ...sources, prop: props.strict }),
    outputs: resolveSetting(SETTINGS.outputs, { prop: props.outputs }),
    quiet: resolveSetting(SETTINGS.quiet, { ...sources, prop: props.quiet }),
    verifyIpRanges: resolveSetting(SETTINGS.verifyIpRanges, { ...sources, prop: props.verifyIpRanges }),
    coverage: resolveSetting(SETTINGS.coverage, { ...sources, prop: props.coverage }),
    // The prop is client.perPage, where every client option lives; the client reads the variable too, but not the context.
    perPage: resolveSetting(SETTINGS.perPage, {
      ...sources,
      prop: props.client?.perPage,
      field: 'client.perPage',
      fallback: undefined,
    }),
  };
}
