/**
 * An expected failure caused by the input or the environment (not a bug). Shells print `message` on one line and
 * exit non-zero; `code` is stable so scripts and the API can branch on it.
 */
export class UnspinError extends Error {
  constructor(
    readonly code: UnspinErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UnspinError';
  }
}

export type UnspinErrorCode =
  | 'EMPTY_INPUT'
  | 'BINARY_INPUT'
  | 'TOO_LARGE'
  | 'NOT_FOUND'
  | 'UNREADABLE'
  | 'BAD_URL'
  | 'BLOCKED_ADDRESS'
  | 'FETCH_FAILED'
  | 'TIMEOUT'
  | 'TOO_MANY_REDIRECTS'
  | 'UNSUPPORTED_CONTENT'
  | 'BAD_ENCODING'
  | 'BAD_ARGUMENT'
  | 'MISSING_DATA';

export function isUnspinError(e: unknown): e is UnspinError {
  return e instanceof UnspinError;
}
