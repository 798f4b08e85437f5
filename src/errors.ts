/** The one table of exit codes. The README documents the same table. */
export const EXIT = {
  /** No finding at or above `--fail-on`. */
  OK: 0,
  /** Findings at or above `--fail-on`. */
  FINDINGS: 1,
  /** Usage or configuration error, or a report that could not be written in full. */
  USAGE: 2,
  /** The clients could not be collected or read. */
  COLLECT: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Base class: every failure oauthlint expects carries a literal code and its exit code. */
export abstract class OauthlintError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;
}

/** Bad command-line usage (unknown flag, bad value, conflicting options). */
export class UsageError extends OauthlintError {
  readonly code = 'USAGE';
  readonly exitCode = EXIT.USAGE;
  override name = 'UsageError';
}

/** One problem in a configuration or rule file, with where it is. */
export interface ConfigIssue {
  /** The file at fault. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** The key path, e.g. `rules.no-http-redirect-uri.options.allowLocalhost`. */
  keyPath: string;
  /** What is wrong and what was expected. */
  message: string;
}

export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`;
  return `${where}: ${issue.keyPath === '' ? '' : `${issue.keyPath}: `}${issue.message}`;
}

/** A configuration (or rule) file that cannot be used; carries every problem found, not only the first. */
export class ConfigError extends OauthlintError {
  readonly code = 'CONFIG';
  readonly exitCode = EXIT.USAGE;
  override name = 'ConfigError';
  /** What the file is, for the words above its problems: "configuration" unless told (a baseline is not one). */
  readonly subject: string;
  constructor(
    readonly issues: ConfigIssue[],
    options?: { cause?: unknown; subject?: string },
  ) {
    super(issues.map(formatConfigIssue).join('\n'), options);
    this.subject = options?.subject ?? 'configuration';
  }
}

/** The input file cannot be read, parsed, or has an unknown shape. */
export class InputError extends OauthlintError {
  readonly code = 'INPUT';
  readonly exitCode = EXIT.COLLECT;
  override name = 'InputError';
  constructor(
    message: string,
    /** The file at fault (`-` for stdin). */
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The clients could not be collected from the API. */
export class CollectError extends OauthlintError {
  readonly code: string = 'COLLECT';
  readonly exitCode = EXIT.COLLECT;
  override name = 'CollectError';
  constructor(
    message: string,
    /** The URL at fault (never with credentials). */
    readonly url?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A report could not be produced or written. */
export class OutputError extends OauthlintError {
  readonly code = 'OUTPUT';
  readonly exitCode = EXIT.USAGE;
  override name = 'OutputError';
}

/** The exit code for anything thrown: ours carry it; anything else is a bug and must not read as a pass. */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof OauthlintError ? error.exitCode : EXIT.USAGE;
}

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EFBIG: 'file too large',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EEXIST: 'a file is in the way',
  ENXIO: 'no such device or address',
  EIO: 'input/output error',
  // Network (a request's cause, from undici and Node's TLS).
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved now (DNS)',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed while sending',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection failed',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain has a self-signed certificate (a proxy? set NODE_EXTRA_CA_CERTS)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified (a proxy? set NODE_EXTRA_CA_CERTS)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's TLS certificate is not trusted here (a proxy? set NODE_EXTRA_CA_CERTS)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is not for this host name",
};

/** Why a file or network operation failed, in words with its code: `is a directory (EISDIR)`; else the error's message. */
export function systemErrorWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code in ERRNO_WORDS ? `${ERRNO_WORDS[code]} (${code})` : code;
  return error instanceof Error ? error.message : String(error);
}
