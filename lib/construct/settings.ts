import { checkSnapshotOption } from '../lookup/settings';
import { resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';
import type { OutputSet } from './outputs';
import type { MarkerKind, OriginCloudRegionsProps } from './props';

/**
 * The construct's settings, resolved once per lookup by the one rule of `resolveSetting`: the prop, else the
 * environment variable, else the cdktf context key, else the default. Pure: the caller passes the environment
 * (`props.client.env`, else `process.env`) and a context reader (`node.tryGetContext`), so the same function serves
 * any engine and any test. `undefined` leaves `snapshot` off, and `snapshotDir` and `perPage` to the lookup's defaults.
 *
 * @throws {@link InvalidInputError} naming the prop, variable or context key that holds a bad value
 */
export function resolveConstructSettings(
  props: OriginCloudRegionsProps,
  env: Env,
  context: (key: string) => unknown,
): {
  readonly offline: boolean;
  readonly snapshot: boolean | string | undefined;
  readonly snapshotDir: string | undefined;
  readonly marker: MarkerKind;
  readonly strict: boolean;
  readonly outputs: OutputSet;
  readonly quiet: boolean;
  readonly verifyIpRanges: boolean;
  readonly coverage: boolean;
  readonly perPage: number | undefined;
} {
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
