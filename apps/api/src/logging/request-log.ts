import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';

/** What the request log learns about a request along the way. */
export interface LoggedRequest extends IncomingMessage {
  /** Set by the request log before anything else sees the request. */
  id?: string;
  actor?: Actor;
  /** Set by the GraphQL logging plugin once the operation is known. */
  graphqlOperation?: string;
  /** `Date.now()` when the request arrived; only kept while its line can be written. */
  receivedAt?: number;
}

const MAX_NAME_LENGTH = 100;

/** A client-chosen name is logged only if it looks like a GraphQL name (no log injection). */
function safeName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z,]*$/.test(value) ? value.slice(0, MAX_NAME_LENGTH) : undefined;
}

/** The operation name without variables, as the GraphQL plugin set it (the client's name until the operation is known). */
export function operationNameOf(req: LoggedRequest): string | undefined {
  return req.graphqlOperation;
}

export function setOperationName(req: LoggedRequest, name: string): void {
  req.graphqlOperation = safeName(name);
}

/** The request id the request log gave the request (also sent back as `X-Request-Id`). */
export function requestIdOf(req: LoggedRequest | undefined): string | undefined {
  return typeof req?.id === 'string' ? req.id : undefined;
}

/** Path without the query string: a GET /graphql query string can carry variables. */
function pathOf(req: LoggedRequest): string {
  const url = req.url ?? '';
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/**
 * Starts the log of one request, on Node's own request and response objects (Express hands them
 * over as they are; Fastify as `request.raw` and `reply.raw`). Every request gets an id of ours,
 * sent back as `X-Request-Id`; nothing else is done when the log level hides request lines.
 * Otherwise one JSON line is written when the response closes: method, path, status, duration,
 * request id, operation name and user id. Headers and bodies are never read, so tokens,
 * passwords and submission texts cannot reach the log.
 */
export function createRequestLogger(logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  // The line is built from an allow-list, so the root's redaction has nothing to find in it, and
  // it cost four times the rest of the line (pino 10). The child follows the root's level.
  const lines = logger.child({}, { redact: [] });

  function writeLine(this: ServerResponse): void {
    const req = this.req as LoggedRequest;
    const failed = this.statusCode >= 500;
    const level = failed ? 'error' : 'info';
    if (!lines.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = {
      reqId: req.id,
      req: { id: req.id, method: req.method, path: pathOf(req), remoteAddress: req.socket?.remoteAddress },
    };
    const operationName = operationNameOf(req);
    if (operationName) line.operationName = operationName;
    if (req.actor?.id) line.userId = req.actor.id;
    line.res = { statusCode: this.statusCode };
    line.responseTime = Date.now() - (req.receivedAt ?? Date.now());
    const message = !this.writableEnded || req.readableAborted ? 'request aborted' : failed ? 'request errored' : 'request completed';
    lines[level](line, message);
  }

  return (incoming, res) => {
    const req = incoming as LoggedRequest;
    // Never taken from a client header: the id is ours, so it can be trusted in the log.
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    // The level is read per request, as pino lets it change at run time.
    if (!lines.isLevelEnabled('error') || pathOf(req) === '/health') return;
    req.receivedAt = Date.now();
    // 'close' follows 'finish' on a completed response and also comes alone on an aborted one;
    // one shared listener, so a request costs no closure.
    res.on('close', writeLine);
  };
}
