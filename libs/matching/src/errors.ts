/** Machine-readable kind of an invalid input. */
export type MatchingInputErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_VALUE'
  | 'INVALID_REVIEWS_PER_SUBMISSION'
  | 'INVALID_WEIGHT'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_ID'
  | 'DUPLICATE_PAIR'
  | 'INVALID_HISTORY_PAIR'
  | 'PINNED_SELF_REVIEW'
  | 'PINNED_SAME_MUNICIPALITY'
  | 'PINNED_FORBIDDEN'
  | 'PINNED_REVIEWER_NOT_ELIGIBLE'
  | 'PINNED_AUTHOR_NOT_SUBMITTED';

/**
 * Thrown when the input itself is wrong (as opposed to valid but infeasible).
 * `field` names the input field, e.g. "pinned[3]"; the CLI maps this error to exit code 2.
 */
export class MatchingInputError extends Error {
  override readonly name = 'MatchingInputError';

  constructor(
    readonly code: MatchingInputErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
