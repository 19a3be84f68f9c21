import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Level } from 'pino';
import type { AppConfig } from '../config/app-config';
import { SystemRole } from '../users/user.entity';
import { createRequestLogger, type LoggedRequest, operationNameOf, requestIdOf, setOperationName } from './request-log';
import { createRootLogger } from './root-logger';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  req?: { id: string; method: string; path: string };
  res?: { statusCode: number };
  responseTime?: number;
  operationName?: string;
  userId?: string;
}

interface Reply {
  status: number;
  requestId: string | undefined;
}

const SECRET_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-token-4d1c';
const SECRET_TEXT = 'Vertrouwelijke inzending 5e7b2a';

/**
 * The request log on a bare node:http server (as Fastify and Express both hand it Node's own
 * objects), writing through the application's root logger into a file.
 */
describe('request log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'academy-request-log-'));
  const file = join(dir, 'academy.log');
  const logger = createRootLogger({ LOG_LEVEL: 'info', LOG_FILE: file } as AppConfig);
  const startRequestLog = createRequestLogger(logger);
  let server: Server;
  /** What the "application" does with a request before answering it. */
  let handle: (req: LoggedRequest, res: ServerResponse) => void;

  function useLevel(level: Level | 'silent') {
    logger.level = level;
    writeFileSync(file, '');
  }

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      startRequestLog(req, res);
      handle(req as LoggedRequest, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    useLevel('info');
    handle = (req, res) => {
      res.statusCode = 200;
      res.end('{}');
    };
  });

  const output = () => readFileSync(file, 'utf8');
  const lines = (): Line[] =>
    output()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);

  function send(path: string, body = '', headers: Record<string, string> = {}): Promise<Reply> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const call = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: res.headers['x-request-id'] as string | undefined }));
      });
      call.on('error', reject);
      call.end(body);
    });
  }

  /** The line is written on the response's 'close', just after the client has its answer. */
  async function settled(): Promise<Line[]> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return lines();
  }

  it('answers with an id of its own, never the one a client sends', async () => {
    const first = await send('/graphql', '{}', { 'x-request-id': 'forged-id' });
    const second = await send('/graphql');
    expect(first.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(second.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.requestId).not.toBe(first.requestId);
    expect(await settled()).toEqual([
      expect.objectContaining({ reqId: first.requestId }),
      expect.objectContaining({ reqId: second.requestId }),
    ]);
  });

  it('writes one line: method, path without the query string, status, duration, operation and user', async () => {
    handle = (req, res) => {
      req.actor = { id: 'user-7', role: SystemRole.USER };
      setOperationName(req, 'MyProfile');
      res.statusCode = 200;
      res.end('{}');
    };
    const reply = await send('/graphql?variables=%7B%22password%22%3A%22x%22%7D');
    expect(await settled()).toEqual([
      {
        level: 30,
        time: expect.any(String),
        service: 'academy',
        msg: 'request completed',
        reqId: reply.requestId,
        req: { id: reply.requestId, method: 'POST', path: '/graphql', remoteAddress: '127.0.0.1' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
        operationName: 'MyProfile',
        userId: 'user-7',
      },
    ]);
  });

  it('logs a 5xx answer at level error', async () => {
    handle = (_req, res) => {
      res.statusCode = 503;
      res.end('{}');
    };
    const reply = await send('/graphql');
    expect(reply.status).toBe(503);
    expect(await settled()).toEqual([expect.objectContaining({ level: 50, msg: 'request errored', res: { statusCode: 503 } })]);
  });

  it('names a request the client gave up on', async () => {
    let aborted!: () => void;
    const gone = new Promise<void>((resolve) => (aborted = resolve));
    handle = (_req, res) => res.on('close', () => setImmediate(aborted));
    const { port } = server.address() as AddressInfo;
    const call = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST' });
    call.on('error', () => undefined);
    call.end('{}');
    setTimeout(() => call.destroy(), 50);
    await gone;
    expect(lines()).toEqual([expect.objectContaining({ level: 30, msg: 'request aborted', req: expect.objectContaining({ path: '/graphql' }) })]);
  });

  it('leaves out headers, bodies and tokens', async () => {
    handle = (req, res) => {
      (req as { body?: unknown }).body = { query: '{ me { id } }', variables: { password: 'hunter2-secret', body: SECRET_TEXT } };
      res.setHeader('set-cookie', `token=${SECRET_TOKEN}`);
      res.statusCode = 200;
      res.end(JSON.stringify({ data: { login: { accessToken: SECRET_TOKEN } } }));
    };
    await send('/graphql', JSON.stringify({ query: 'mutation { login }', variables: { text: SECRET_TEXT } }), {
      authorization: `Bearer ${SECRET_TOKEN}`,
      cookie: `session=${SECRET_TOKEN}`,
    });
    const [line] = await settled();
    expect(line.msg).toBe('request completed');
    expect(output()).not.toMatch(/secret|hunter2|5e7b2a|bearer|authorization|cookie|headers|variables/i);
  });

  it('does not log /health', async () => {
    await send('/health?probe=1');
    await send('/health');
    expect(await settled()).toEqual([]);
  });

  it('keeps only the id and header when the level hides request lines, and adds no listener', async () => {
    useLevel('silent');
    let closeListeners = -1;
    handle = (_req, res) => {
      closeListeners = res.listenerCount('close');
      res.statusCode = 500;
      res.end('{}');
    };
    const reply = await send('/graphql');
    expect(reply.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(closeListeners).toBe(0);
    expect(await settled()).toEqual([]);
  });

  it('at level error logs only failed requests', async () => {
    useLevel('error');
    let status = 200;
    handle = (_req, res) => {
      res.statusCode = status;
      res.end('{}');
    };
    await send('/graphql');
    status = 500;
    const failed = await send('/graphql');
    expect(await settled()).toEqual([expect.objectContaining({ level: 50, reqId: failed.requestId })]);
  });
});

describe('operation names for the log', () => {
  const named = (name: string): LoggedRequest => {
    const req = {} as LoggedRequest;
    setOperationName(req, name);
    return req;
  };

  it('keeps the name the GraphQL plugin set last (the client\'s, then the resolved one)', () => {
    const req = named('FromClient');
    expect(operationNameOf(req)).toBe('FromClient');
    setOperationName(req, 'me,municipalities');
    expect(operationNameOf(req)).toBe('me,municipalities');
    expect(operationNameOf({} as LoggedRequest)).toBeUndefined();
  });

  it('drops a client-chosen name that is not a GraphQL name, and cuts long ones', () => {
    expect(operationNameOf(named('x\n{"level":60}'))).toBeUndefined();
    expect(operationNameOf(named('A'.repeat(500)))).toHaveLength(100);
  });

  it('reads the request id only when it is ours (a string)', () => {
    expect(requestIdOf(undefined)).toBeUndefined();
    expect(requestIdOf({ id: 'abc' } as LoggedRequest)).toBe('abc');
    expect(requestIdOf({ id: 7 } as unknown as LoggedRequest)).toBeUndefined();
  });
});
