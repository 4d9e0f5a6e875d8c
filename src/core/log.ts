/**
 * Log hygiene: SIP traces and errors may carry digest responses, passwords and OAuth
 * tokens. Everything the kit logs goes through {@link redact} first.
 */
export type LogLevel = 'debug' | 'log' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // SDP: the ICE password (RFC 8839 §5.4) and SDES keys (RFC 4568 §6.1, `inline:key|…`).
  [/(a=ice-pwd:)\S+/gi, '$1[redacted]'],
  [/(inline:)[^\s|]+/gi, '$1[redacted]'],
  // Digest credentials (RFC 3261 §22.4, RFC 7616) and HTTP credentials, wherever the header
  // appears in a line (a SIP trace, or an error message quoting one), to the end of the line.
  [/\b((?:Proxy-)?Authorization"?\s*[:=])[^\r\n]*/gi, '$1 [redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  // JSON, header or query-string secrets: "password":"…", authorizationPassword: …,
  // access_token=…, client_secret, a JWT assertion. Quoted values may contain \".
  [
    /(["']?\b(?:\w*password|\w*passwd|\w*pwd|\w*secret|\w*token|code_verifier|assertion|jwt|api[_-]?key)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&,;}]+)/gi,
    '$1[redacted]',
  ],
  // OAuth authorization codes in callback URLs (RFC 6749 §4.1.2).
  [/([?&#]code=)[^&\s#"']+/gi, '$1[redacted]'],
  // Anything shaped like a JWT (RingCentral JWT credentials, id tokens).
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[redacted]'],
];

// URL-encoded quotes and separators (a form body or query string quoted in an error), decoded
// first so that the patterns see `password%3Dx` as `password=x`.
const ENCODED_SEPARATORS = /%(?:22|27|3A|3D)/gi;

export function redact(message: string): string {
  const decoded = message.replace(ENCODED_SEPARATORS, (match) => decodeURIComponent(match));
  return SECRET_PATTERNS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), decoded);
}

/** `logger`, given only redacted messages: an app's own logger never sees a secret. */
export const redacting =
  (logger: Logger): Logger =>
  (level, message) =>
    logger(level, redact(message));

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
