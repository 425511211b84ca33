// Errors are values with a code and a sentence a user can act on (notmuch style:
// say what happened to the mail). The CLI prints .message and exits non-zero;
// the web maps .status to the HTTP status.
export type ErrorCode =
  | 'usage' | 'not_found' | 'bad_input' | 'io' | 'db' | 'unsafe' | 'network' | 'timeout';

const STATUS: Record<ErrorCode, number> = {
  usage: 400, not_found: 404, bad_input: 400, io: 500, db: 500, unsafe: 400, network: 502, timeout: 504,
};

export class BenchmailError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BenchmailError';
    this.code = code;
    this.status = STATUS[code];
  }
}

export const usageError = (m: string) => new BenchmailError('usage', m);
export const notFound = (m: string) => new BenchmailError('not_found', m);
