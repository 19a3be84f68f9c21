import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger, type ReqId } from 'pino-http';
import type { Actor } from '../auth/actor';
import { serializeError } from './root-logger';

/** What the GraphQL layer learns about a request, for its log line. */
export interface LoggedRequest extends IncomingMessage {
  id: ReqId;
  actor?: Actor;
  body?: unknown;
  originalUrl?: string;
  /** Set by the GraphQL logging plugin once the operation is known. */
  graphqlOperation?: string;
}

const MAX_NAME_LENGTH = 100;

/** A client-chosen name is logged only if it looks like a GraphQL name (no log injection). */
function safeName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z,]*$/.test(value) ? value.slice(0, MAX_NAME_LENGTH) : undefined;
}

/** The operation name without variables: what the GraphQL plugin resolved, or the body's `operationName`. */
export function operationNameOf(req: LoggedRequest): string | undefined {
  if (req.graphqlOperation) return req.graphqlOperation;
  const body = req.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    return safeName((body as { operationName?: unknown }).operationName);
  }
  return undefined;
}

export function setOperationName(req: LoggedRequest, name: string): void {
  req.graphqlOperation = safeName(name);
}

/** The request id pino-http gave the request (also sent back as `X-Request-Id`). */
export function requestIdOf(req: LoggedRequest | undefined): string | undefined {
  return typeof req?.id === 'string' ? req.id : undefined;
}

/** Path without the query string: a GET /graphql query string can carry variables. */
function pathOf(req: LoggedRequest): string {
  const url = req.originalUrl ?? req.url ?? '';
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/**
 * One JSON line per request (method, path, status, duration, request id, operation name,
 * user id). Headers and bodies are never serialized, so tokens, passwords and submission
 * texts cannot reach the log.
 */
export function createHttpLogger(logger: Logger): HttpLogger<LoggedRequest, ServerResponse> {
  return pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    quietReqLogger: true,
    // The id Fastify gave the request (ours, never a client header; see bootstrap).
    genReqId: (req) => req.id ?? randomUUID(),
    autoLogging: { ignore: (req) => pathOf(req) === '/health' },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customProps: (req) => {
      const props: Record<string, string> = {};
      const operationName = operationNameOf(req);
      if (operationName) props.operationName = operationName;
      if (req.actor?.id) props.userId = req.actor.id;
      return props;
    },
    serializers: {
      req: (req: { id?: unknown; method?: string; remoteAddress?: string; raw?: LoggedRequest }) => ({
        id: req.id,
        method: req.method,
        path: req.raw ? pathOf(req.raw) : undefined,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      // pino-http would put its own (which keeps a failed statement's parameters) in place of the root's.
      err: serializeError,
    },
  });
}
