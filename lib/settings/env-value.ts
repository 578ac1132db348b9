/** An environment variable set to the empty string counts as unset (`FOO= cmd`), as in a shell. */
export function setValue(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
