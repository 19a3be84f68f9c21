import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Level } from 'pino';
import type { AppConfig } from '../config/app-config';
import { PinoNestLogger } from './nest-logger';
import { createRootLogger } from './root-logger';

interface Line {
  level: number;
  msg?: string;
  context?: string;
  err?: { type?: string; message?: string; stack?: string; code?: string };
  [field: string]: unknown;
}

/** Nest's `Logger` calls, as the application and Nest itself make them, through the root logger. */
describe('PinoNestLogger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'academy-nest-log-'));
  const file = join(dir, 'academy.log');
  const root = createRootLogger({ LOG_LEVEL: 'info', LOG_FILE: file } as AppConfig);

  beforeAll(() => Logger.overrideLogger(new PinoNestLogger(root)));
  afterAll(() => {
    Logger.overrideLogger(false);
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => useLevel('info'));

  function useLevel(level: Level | 'silent') {
    root.level = level;
    writeFileSync(file, '');
  }

  const lines = (): Line[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);

  it('writes a message with its context at the matching level', () => {
    const logger = new Logger('Retention');
    logger.log('purged 3 submissions');
    logger.warn('slow purge');
    logger.debug('not at info');
    Logger.log('no context');
    expect(lines()).toEqual([
      { level: 30, time: expect.any(String), service: 'academy', context: 'Retention', msg: 'purged 3 submissions' },
      expect.objectContaining({ level: 40, context: 'Retention', msg: 'slow purge' }),
      { level: 30, time: expect.any(String), service: 'academy', msg: 'no context' },
    ]);
  });

  it('keeps the fields of an object and its message', () => {
    new Logger('GraphQL').error({ requestId: 'r-1', path: ['me'] }, 'Unexpected error');
    expect(lines()).toEqual([expect.objectContaining({ level: 50, context: 'GraphQL', requestId: 'r-1', path: ['me'], msg: 'Unexpected error' })]);
  });

  it('logs an error through the error serializer: type, message, code and stack, never its parameters', () => {
    const failure = Object.assign(new Error('insert failed'), {
      driverError: { code: 'SQLITE_ERROR' },
      parameters: ['Vertrouwelijke inzending 5e7b2a'],
    });
    new Logger('Main').error(failure);
    const [line] = lines();
    expect(line).toMatchObject({ level: 50, context: 'Main', err: { type: 'Error', message: 'insert failed', code: 'SQLITE_ERROR' } });
    expect(line.err?.stack).toContain('insert failed');
    expect(JSON.stringify(line)).not.toContain('5e7b2a');
  });

  it("takes a stack passed the way Nest's exception handlers do", () => {
    const stack = 'Error: boom\n    at handler (/app/main.js:1:1)';
    new Logger('ExceptionsHandler').error('boom', stack);
    Logger.error('boom without context', stack);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 50, context: 'ExceptionsHandler', msg: 'boom', err: expect.objectContaining({ message: 'boom', stack }) }),
      expect.objectContaining({ level: 50, msg: 'boom without context', err: expect.objectContaining({ stack }) }),
    ]);
    expect(lines()[1].context).toBeUndefined();
  });

  it('maps verbose to trace and fatal to fatal', () => {
    useLevel('trace');
    new Logger('Boot').verbose('details');
    new Logger('Boot').fatal('gone');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 10, context: 'Boot', msg: 'details' }),
      expect.objectContaining({ level: 60, context: 'Boot', msg: 'gone' }),
    ]);
  });

  it('writes nothing at level silent', () => {
    useLevel('silent');
    new Logger('Main').log('listening');
    new Logger('Main').error(new Error('failed'));
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
