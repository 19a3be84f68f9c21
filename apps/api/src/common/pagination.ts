import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Type } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './domain-error';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 20;

  @Field({ nullable: true, description: 'Cursor of the last edge of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the `XConnection` and `XEdge` GraphQL types for a node type. */
export function ConnectionType<T>(node: Type<T>): Type<Connection<T>> {
  @ObjectType(`${node.name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${node.name}Connection`, { isAbstract: true })
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass;
}

export interface SortOrder {
  /** SQL expression of the sort column, e.g. `cohort.name`. */
  column: string;
  /** Entity property holding the same value. */
  property: string;
  direction: 'ASC' | 'DESC';
  /** SQL expression of the unique tie-breaker, e.g. `cohort.id`. */
  idColumn: string;
  /** Entity property of the tie-breaker; `id` unless said otherwise. */
  idProperty?: string;
  /** The sort column holds timestamps (they travel in cursors as ISO strings). */
  timestamp?: boolean;
}

type CursorValue = string | number;

function encodeCursor(value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [CursorValue, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string'
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw DomainError.badInput('after', 'is not a cursor this list handed out');
}

/**
 * Keyset pagination: the page after a cursor starts strictly after the (sort value, id) it
 * encodes, so inserts and deletes between requests never repeat or skip a row.
 */
export async function paginate<E extends ObjectLiteral>(
  query: SelectQueryBuilder<E>,
  args: PageArgs,
  order: SortOrder,
): Promise<Connection<E>> {
  const totalCount = await query.clone().getCount();
  const page = query.clone();
  if (args.after) {
    const [encoded, id] = decodeCursor(args.after);
    const value = order.timestamp ? timestampParameter(query, encoded) : encoded;
    const cmp = order.direction === 'ASC' ? '>' : '<';
    page.andWhere(
      `(${order.column} ${cmp} :cursorValue OR (${order.column} = :cursorValue AND ${order.idColumn} ${cmp} :cursorId))`,
      { cursorValue: value, cursorId: id },
    );
  }
  const rows = await page
    .orderBy(order.column, order.direction)
    .addOrderBy(order.idColumn, order.direction)
    .limit(args.first + 1)
    .getMany();
  const hasNextPage = rows.length > args.first;
  const nodes = hasNextPage ? rows.slice(0, args.first) : rows;
  const edges = nodes.map((node) => ({
    node,
    cursor: encodeCursor(cursorValueOf(node[order.property]), String(node[order.idProperty ?? 'id'])),
  }));
  return {
    edges,
    totalCount,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

function cursorValueOf(value: unknown): CursorValue {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'number' ? value : String(value);
}

/** SQLite keeps timestamps as UTC text `YYYY-MM-DD HH:MM:SS.SSS`; PostgreSQL takes a Date. */
function timestampParameter(query: SelectQueryBuilder<ObjectLiteral>, encoded: CursorValue): unknown {
  const date = new Date(encoded);
  if (Number.isNaN(date.getTime())) throw DomainError.badInput('after', 'is not a cursor this list handed out');
  if (query.connection.driver.options.type === 'better-sqlite3') return date.toISOString().replace('T', ' ').replace('Z', '');
  return date;
}

/** Maps the nodes of a connection, e.g. from entities to GraphQL models. */
export function mapConnection<E, M>(connection: Connection<E>, map: (entity: E) => M): Connection<M> {
  return {
    ...connection,
    edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })),
  };
}
