/**
 * Log hygiene: SIP traces and errors may carry digest responses, passwords and OAuth
 * tokens. Everything the kit logs goes through {@link redact} first.
 */
export type LogLevel = 'debug' | 'log' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // Digest credentials (RFC 3261 §22.4) and bearer tokens in SIP or HTTP headers.
  [/^((?:Proxy-)?Authorization\s*:).*$/gim, '$1 [redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  // JSON or query-string secrets: "password":"…", access_token=…
  [/("?(?:password|authorizationPassword|access_token|refresh_token|token|client_secret|code_verifier)"?\s*[:=]\s*)("[^"]*"|[^\s&,;}]+)/gi, '$1[redacted]'],
];

export function redact(message: string): string {
  return SECRET_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

/** Logs warnings and errors to the console, redacted; debug output only when asked for. */
export function consoleLogger(debug = false): Logger {
  return (level, message) => {
    if (!debug && (level === 'debug' || level === 'log')) return;
    const line = `[rc-phone-kit] ${redact(message)}`;
    if (level === 'error') console.error(line);
    else if (level === 'warn') console.warn(line);
    else console.debug(line);
  };
}
