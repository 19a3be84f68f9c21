import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule as NestGraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { formatGraphQLError } from '../common/format-graphql-error';
import { AppConfig } from '../config/app-config';
import type { GraphQLContext } from './graphql-context';
import { RequestLoadersFactory } from './request-loaders';

@Module({
  imports: [
    NestGraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [AppConfig, RequestLoadersFactory],
      useFactory: (config: AppConfig, loaders: RequestLoadersFactory): ApolloDriverConfig => ({
        path: '/graphql',
        // The schema lives in memory; `npm run schema:emit` writes schema.graphql, and a test checks it.
        autoSchemaFile: true,
        sortSchema: true,
        introspection: config.exposesDevelopmentFeatures,
        graphiql: config.exposesDevelopmentFeatures,
        // Apollo's ESM and CJS typings disagree; the plugin object is the same at runtime.
        plugins: config.exposesDevelopmentFeatures ? [] : [ApolloServerPluginLandingPageDisabled() as never],
        csrfPrevention: true,
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphQLError,
        context: ({ req, res }: { req: Request; res: Response }): GraphQLContext => ({ req, res, loaders: loaders.create() }),
      }),
    }),
  ],
})
export class GraphQLModule {}
