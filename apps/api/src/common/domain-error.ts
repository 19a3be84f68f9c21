/** The error codes a client can act on; they become `extensions.code` in GraphQL errors. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS';

export interface FieldProblem {
  /** Input path, e.g. `input.dueAt` or `csv` */
  field: string;
  message: string;
  /** For row-oriented input such as CSV imports: the 1-based line number and the column name. */
  line?: number;
  column?: string;
}

/**
 * Services throw this, never HTTP exceptions; the GraphQL error formatter maps it in one place.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static badInput(field: string, message: string): DomainError {
    return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, [{ field, message }]);
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} ${id} does not exist`);
  }

  static forbidden(message = 'You are not allowed to do this'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static unauthenticated(message = 'Log in first'): DomainError {
    return new DomainError('UNAUTHENTICATED', message);
  }

  static conflict(message: string, field?: string): DomainError {
    return new DomainError('CONFLICT', message, field ? [{ field, message }] : []);
  }
}
