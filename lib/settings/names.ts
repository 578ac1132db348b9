import { SETTINGS, type SettingName } from './table';

type Named<F extends 'env' | 'context'> = {
  readonly [
    K in SettingName as (typeof SETTINGS)[K] extends { readonly [P in F]: string } ? K : never
  ]: (typeof SETTINGS)[K] extends {
    readonly [P in F]: infer N;
  }
    ? N
    : never;
};

function namesOf<F extends 'env' | 'context'>(field: F): Named<F> {
  const rows = Object.entries(SETTINGS).filter(([, row]) => field in row);
  return Object.freeze(
    Object.fromEntries(rows.map(([name, row]) => [name, (row as Record<F, string>)[field]])),
  ) as Named<F>;
}

/** The environment variable of each setting that has one, by the setting's name in {@link SETTINGS}. */
export const ENV = namesOf('env');

/** The cdktf context key of each setting that has one (set under `context` in cdktf.json); the environment wins over them. */
export const CONTEXT = namesOf('context');
