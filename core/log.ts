/**
 * One JSON line per log entry, so `wrangler tail` and Logpush can filter on fields. Every line names what it
 * is about (request id, queue, tenant) through the fields given; nothing personal is ever passed here.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

const SINKS: Record<LogLevel, (line: string) => void> = {
  debug: (line) => console.debug(line),
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  SINKS[level](JSON.stringify({ level, message, ...fields }));
}

/** A logger that adds the same fields (request id, queue, tenant) to every line. */
export function logger(base: LogFields): { [L in LogLevel]: (message: string, fields?: LogFields) => void } {
  return {
    debug: (message, fields) => log('debug', message, { ...base, ...fields }),
    info: (message, fields) => log('info', message, { ...base, ...fields }),
    warn: (message, fields) => log('warn', message, { ...base, ...fields }),
    error: (message, fields) => log('error', message, { ...base, ...fields }),
  };
}
