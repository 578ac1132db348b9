import { checkSnapshotOption } from '../lookup/settings';
import { resolveSetting, type Env } from '../settings/resolve';
import { SETTINGS } from '../settings/table';
import type { OutputSet } from './outputs';
import type { MarkerKind, OriginCloudRegionsProps } from './props';

/**
 * The construct's settings, resolved once per lookup by the one rule of `resolveSetting`: the prop, else the
 * environment variable, else the cdktf context key, else the default. Pure: the caller passes the environment
 * and a context reader, so the same function serves any engine and any test.
 */
export interface ConstructSettings {
  /** Read the snapshot instead of the API. */
  readonly offline: boolean;
  /** Write the snapshot after an online lookup: `true`, a file path, or `undefined` for no snapshot. */
  readonly snapshot: boolean | string | undefined;
  /** The snapshot folder, when one is set anywhere (else the lookup's default). */
  readonly snapshotDir: string | undefined;
  /** The drift marker kind. */
  readonly marker: MarkerKind;
  /** Findings are error annotations (the synth fails), not warnings. */
  readonly strict: boolean;
  /** Which outputs to emit. */
  readonly outputs: OutputSet;
  /** Print no summary line on success. */
  readonly quiet: boolean;
  /** Check the mappings against the clouds' published IP ranges. */
  readonly verifyIpRanges: boolean;
  /** Report the zone's origins without a mapping and the mappings without an origin. */
  readonly coverage: boolean;
  /** Mappings per page asked for, when set anywhere (else the client's default). */
  readonly perPage: number | undefined;
}

/**
 * Resolves every setting of one lookup.
 *
 * @param props - the construct's props
 * @param env - the environment (`props.client.env` when given, else `process.env`)
 * @param context - reads a cdktf context key (`node.tryGetContext`)
 * @throws {@link InvalidInputError} naming the prop, variable or context key that holds a bad value
 */
export function resolveConstructSettings(
  props: OriginCloudRegionsProps,
  env: Env,
  context: (key: string) => unknown,
): ConstructSettings {
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
