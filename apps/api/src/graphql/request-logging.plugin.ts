import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import { Kind } from 'graphql';
import type { Logger } from 'pino';
import { isClientError, rememberRequestId } from '../common/format-graphql-error';
import { LoggedRequest, operationNameOf, requestIdOf, setOperationName } from '../logging/request-log';
import type { GraphQLContext } from './graphql-context';

/** The operation's own name, else its root fields (`login`, `submitAssignment`): never variables. */
function nameOf(operation: OperationDefinitionNode, given: string | null | undefined): string {
  if (given) return given;
  if (operation.name?.value) return operation.name.value;
  const fields = operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.name.value] : [],
  );
  return [...new Set(fields)].join(',') || operation.operation;
}

/** Node's request under Fastify's: where the request log keeps the request id and operation name. */
function loggedRequestOf(context: GraphQLContext): LoggedRequest {
  return context.req.raw as LoggedRequest;
}

/**
 * Tells the request's log line which operation ran, and logs every unexpected error in full
 * (with request id, operation and user) before the formatter masks it for the client.
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  // The hooks keep no state of their own, so every request shares them.
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async didResolveOperation({ operation, operationName, contextValue }: GraphQLRequestContext<GraphQLContext>) {
      if (operation) setOperationName(loggedRequestOf(contextValue), nameOf(operation, operationName));
    },
    async didEncounterErrors({ errors, contextValue }: GraphQLRequestContext<GraphQLContext>) {
      const req = contextValue ? loggedRequestOf(contextValue) : undefined;
      for (const error of errors ?? []) {
        // Only execution errors carry a path; parse and validation errors are the client's.
        if (!error.path || isClientError(error)) continue;
        const requestId = requestIdOf(req);
        if (requestId) rememberRequestId(error, requestId);
        logger.error(
          {
            reqId: requestId,
            err: error.originalError ?? error,
            path: error.path,
            operationName: req ? operationNameOf(req) : undefined,
            userId: req?.actor?.id,
          },
          'unexpected error',
        );
      }
    },
  };
  return {
    async requestDidStart({ request, contextValue }: GraphQLRequestContext<GraphQLContext>) {
      // The name the client gave, for a request that fails before its operation is known.
      if (request.operationName) setOperationName(loggedRequestOf(contextValue), request.operationName);
      return listener;
    },
  };
}
