// The one logger: structured JSON lines, or readable coloured lines for a person at a terminal in development.
// Its level is set from config by whoever starts the process.
import { pino } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { runsInProduction } from './config.js';

export type LogFormat = 'pretty' | 'json';

/** Readable lines only for a person watching: a terminal, not production. Files, pipes and servers get JSON. */
export function logFormat(where: { terminal: boolean; production: boolean }): LogFormat {
  return where.terminal && !where.production ? 'pretty' : 'json';
}

const format = logFormat({ terminal: process.stdout.isTTY === true, production: runsInProduction() });

export const logger =
  format === 'pretty'
    ? pino(
        { level: 'info', base: undefined },
        PinoPretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l' }),
      )
    : pino({ level: 'info', base: undefined });

export type Logger = typeof logger;
