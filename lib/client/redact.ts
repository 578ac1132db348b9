/** Text that replaces a secret wherever one would have been printed. */
export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of each non-empty secret in `text` with `[REDACTED]` (the constant `REDACTED`).
 * Secrets shorter than 4 characters are ignored to avoid mangling ordinary text.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
