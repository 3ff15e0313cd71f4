/** The one error type hub code throws on purpose; the error handler turns it into `{ error }`. */
import type { ErrorCode } from '../../lib/protocol/errors.ts';

export class HubError extends Error {
  override name = 'HubError';
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** Extra, non-secret fields sent beside code and message (e.g. `unmetRules`). */
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    statusCode: number,
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const unauthorized = () =>
  new HubError(401, 'unauthorized', 'Sign in again: the access token is missing, expired or revoked.');
