/**
 * The two meanings "not set" has for a setting's text, named apart so each reader picks one on purpose.
 */

/** An environment variable set to the empty string counts as unset (`FOO= cmd`), as in a shell. */
export function setValue(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A folder or path setting that is only whitespace counts as unset too: no path is blank on purpose. */
export function nonBlankValue(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
