import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule as NestGraphQLModule } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { RequestWithActor } from '../auth/access.decorators';
import { formatGraphQLError } from '../common/format-graphql-error';
import { AppConfig } from '../config/app-config';
import { ROOT_LOGGER } from '../logging/root-logger';
import { armorProtections, parseOptions } from './graphql-armor';
import type { GraphQLContext } from './graphql-context';
import { requestLoggingPlugin } from './request-logging.plugin';
import { RequestLoadersFactory } from './request-loaders';

@Module({
  imports: [
    NestGraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [AppConfig, RequestLoadersFactory, ROOT_LOGGER],
      useFactory: (config: AppConfig, loaders: RequestLoadersFactory, logger: Logger): ApolloDriverConfig => {
        const armor = armorProtections(config);
        return {
          path: '/graphql',
          // The schema lives in memory; `npm run schema:emit` writes schema.graphql, and a test checks it.
          autoSchemaFile: true,
          sortSchema: true,
          introspection: config.exposesDevelopmentFeatures,
          graphiql: config.exposesDevelopmentFeatures,
          // Apollo's ESM and CJS typings disagree; the plugin objects are the same at runtime.
          plugins: [
            ...(config.exposesDevelopmentFeatures ? [] : [ApolloServerPluginLandingPageDisabled()]),
            // The API sets no cache hints; computing them for every field cost 10-60% on small queries (bench/api).
            ApolloServerPluginCacheControlDisabled(),
            ...armor.plugins,
            requestLoggingPlugin(logger),
          ] as never[],
          validationRules: armor.validationRules,
          parseOptions: parseOptions(config),
          // One operation per request: an array of 100 logins is refused before any of them runs.
          allowBatchedHttpRequests: false,
          csrfPrevention: true,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphQLError,
          // @as-integrations/fastify calls the context function with Fastify's request and reply.
          context: (req: RequestWithActor, reply: FastifyReply): GraphQLContext => ({ req, reply, loaders: loaders.create() }),
        };
      },
    }),
  ],
})
export class GraphQLModule {}
