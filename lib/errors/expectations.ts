import { InvalidInputError } from './base';

/** One bad entry of the expectations, as listed by {@link InvalidExpectationError}. */
export interface ExpectationProblem {
  /** The field, indexed as the user wrote the list: `expect[3].region`. */
  readonly field: string;
  /** What is wrong, with the did-you-mean where one exists. */
  readonly message: string;
  /** The value the user probably meant, when one is close. */
  readonly suggestion?: string;
}

/** The declared expectations hold unknown vendors or regions, or invalid or duplicate IPs; lists them all at once. */
export class InvalidExpectationError extends InvalidInputError {
  /** Every bad entry, in list order. */
  public readonly problems: readonly ExpectationProblem[];

  public constructor(
    problems: readonly ExpectationProblem[],
    authority: { readonly kind: string; readonly reason?: string },
  ) {
    const lines = problems.map((p) => `  ${p.field}: ${p.message}`);
    super(
      problems[0].field,
      `${problems.length} invalid ${problems.length === 1 ? 'expectation' : 'expectations'}, ${authority.reason ?? `validated against ${authority.kind}`}:\n` +
        `${lines.join('\n')}\n` +
        'Fix these entries of `expect`: vendors and regions are spelled as the Cloudflare API returns them, one entry per origin IP.',
    );
    this.problems = problems;
  }
}
