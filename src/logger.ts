import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may hold a secret in anything we log. Redaction is the second line of defence:
 * the first is never passing secrets to the logger at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.authorization',
  '*.accessToken',
  '*.refreshToken',
  '*.idToken',
  '*.clientSecret',
  '*.client_secret',
  '*.apiToken',
  '*.password',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.code_verifier',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: LoggerOptions['level'] = 'info', destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'okta-subgraph' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
