import { SETTINGS, type SettingName } from './table';

type Rows = typeof SETTINGS;
type WithEnv = { [K in SettingName]: Rows[K] extends { readonly env: string } ? K : never }[SettingName];

/** The environment variable of each setting that has one, by the setting's name in {@link SETTINGS}. */
export const ENV = Object.freeze(
  Object.fromEntries(Object.entries(SETTINGS).flatMap(([name, row]) => ('env' in row ? [[name, row.env]] : []))),
) as { readonly [K in WithEnv]: Rows[K] extends { readonly env: infer N } ? N : never };
