// The one logger: structured JSON lines. Its level is set from config by whoever starts the process.
import { pino } from 'pino';

export const logger = pino({ level: 'info', base: undefined });

export type Logger = typeof logger;
