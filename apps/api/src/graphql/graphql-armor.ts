import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import { AppConfig } from '../config/app-config';

/**
 * Depth, alias, cost and directive limits from GraphQL Armor, checked while validating, so an
 * abusive document is refused before anything runs. The limits are exposed in the messages: they
 * are configuration, not secrets, and help a client fix its query.
 *
 * The token limit is graphql-js's own `maxTokens` parse option (see `parseOptions`), which aborts
 * parsing at the limit with a 400 GRAPHQL_PARSE_FAILED; Armor's maxTokens plugin throws from an
 * Apollo hook, which Apollo 5 answers with HTTP 500.
 */
export function armorProtections(config: AppConfig): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES },
    costLimit: { maxCost: config.GRAPHQL_MAX_COST },
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    // "Did you mean ...?" would let a caller map the schema with introspection off.
    blockFieldSuggestion: { enabled: !config.exposesDevelopmentFeatures },
  }).protect();
  return { plugins, validationRules };
}

/** The parser stops after this many tokens: a 200 KB document costs no more than a small one. */
export const parseOptions = (config: AppConfig) => ({ maxTokens: config.GRAPHQL_MAX_TOKENS });
