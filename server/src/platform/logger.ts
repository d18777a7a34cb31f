/**
 * JSON logs (pino). Phone numbers are personal data: every string in a log line, message or
 * field, has mainland mobile numbers masked as 138****8000. Secrets are never logged: fields
 * named like passwords, tokens and cookies are replaced.
 */
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

const MOBILE = /(?<!\d)(\+?86)?(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

export function maskPhones(text: string): string {
  return text.replace(MOBILE, (_m, cc: string | undefined, a: string, _b: string, c: string) => `${cc ?? ''}${a}****${c}`);
}

const SECRET_KEY = /pass(word)?|secret|token|cookie|authorization|pin$|otp/i;

/** Replaces secret-looking fields of plain objects; other objects go to pino's serializers as they are. */
function hideSecrets(v: unknown, depth: number): unknown {
  if (depth > 6 || v === null || typeof v !== 'object') {
    return v;
  }
  if (Array.isArray(v)) {
    return v.map((x) => hideSecrets(x, depth + 1));
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    return v;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = SECRET_KEY.test(k) && x !== undefined && x !== null ? '[已隐藏]' : hideSecrets(x, depth + 1);
  }
  return out;
}

/**
 * Phone numbers are masked in the finished line, after every serializer has run, so no field,
 * message, URL or error stack can carry one out.
 */
function maskingStream(dest: pino.DestinationStream): pino.DestinationStream {
  return { write: (line: string) => dest.write(maskPhones(line)) };
}

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'yikatong' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => hideSecrets(obj, 0) as Record<string, unknown>,
      },
    },
    maskingStream(destination ?? pino.destination({ dest: 1, sync: true })),
  );
}
