import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

/** The SDL committed as schema.graphql: sorted, so a diff shows real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
