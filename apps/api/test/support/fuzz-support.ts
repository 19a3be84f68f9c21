import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import fc from 'fast-check';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';
import request from 'supertest';
import type { App } from 'supertest/types';
import { ACCESS_LEVEL, AccessLevel } from '../../src/auth/access.decorators';

/**
 * Hostile inputs for the mutation fuzz (fuzz-mutations.e2e-spec.ts): arbitraries built from the
 * served schema's argument types, so a new mutation or a new input field is fuzzed without a
 * change here.
 */

/** Valid JSON text that is still awkward: lone surrogates are not valid JSON, so none here. */
export const TRICKY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t\n\r  ',
  '\u00a0\u2007\u202f',
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c.exe',
  '\u200d\u200c\u200b\ufeff',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̷̧̛̺̝̤͈͔̜̔̅͌̿̈́͒͝a̶̢̛̮̱̖͙͂̈́̄l̶̡̤͚̓g̸͉̈́o̷̞͐',
  '👩🏽‍💻👨🏿‍👩🏻‍👧🏾‍👦🏼',
  '🏳️‍🌈🇳🇱',
  '\u{10FFFF}\u{E0001}\u{1F600}',
  'ﷺ𒐫',
  "'; DROP TABLE users; --",
  "\" OR 1=1 --",
  "' OR '1'='1",
  '%_\\',
  '%',
  '\\',
  "1'); DELETE FROM cohorts; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=cmd|\' /C calc\'!A0',
  '+SUM(1+1)*cmd|\' /C calc\'!A0',
  '@SUM(1+1)',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '${jndi:ldap://x/y}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '9999999999999999999999',
  '1e309',
  'true',
  '[]',
  '{}',
  'name,email,municipality_code,domain_code,role',
  'name,email,municipality_code,domain_code,role\n=cmd|\' /C calc\'!A0,x@gemeente.example,GM0363,IA,PARTICIPANT\n',
  'name,email,municipality_code,domain_code,role\n"a""b",\u0000@x,GM9999,XX,ADMIN\n,,,,\n',
  'name,email,municipality_code,domain_code,role\r\n"unterminated,x@y.nl,GM0363,IA,COACH',
  'GM0363',
  'GM0000',
  'IA',
  'someone@gemeente.example',
  'a@b',
  '@',
  'Sanne <sanne@gemeente.example>',
  '2027-02-15T17:00:00Z',
  '2027-02-30',
  '2027-13-01',
  '0000-00-00',
  '9999-12-31',
  '2027-1-1',
  '2027-12-31T23:59:59+14:00',
];

/** Dates for DateTime arguments: valid, edge and invalid. */
const DATE_TEXTS: readonly string[] = [
  '2027-02-15T17:00:00Z',
  '2027-02-01T00:00:00Z',
  '2027-03-31T23:00:00Z',
  '2027-01-01',
  '1970-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00Z',
  '2027-02-30T00:00:00Z',
  '2027-13-01T00:00:00Z',
  '2027-02-15T25:61:61+14:00',
  '2027-02-15 17:00',
  'yesterday',
  '',
];

export const NON_UUID_IDS: readonly string[] = [
  '',
  'not-a-uuid',
  '1',
  '0',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  "1' OR '1'='1",
  "'; DROP TABLE cohorts; --",
  '../../etc/passwd',
  '%',
  '\u0000',
  'review-reminder:00000000-0000-0000-0000-000000000000:2027-02-15',
];

const INT_EDGES = [-2147483648, 2147483647, 0, -1, 1, 2, 3, 5, 10, 100];
const FLOAT_EDGES = [0, -0, -1, 0.5, 1, 1e308, -1e308, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2];

/** A huge string (1 KB to 200 KB) of ASCII or of multi-byte characters. */
const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('A', 'é', '😀', '\u202e', "'", '<', '\u0000'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

export type IdKind = 'cohort' | 'module' | 'assignment' | 'submission' | 'pair' | 'criterion' | 'user' | 'notification';

export interface FuzzPools {
  /** Ids of real objects (of the other cohort, and some of the caller's own), by kind. */
  ids: Record<IdKind, readonly string[]>;
  /** Extra plausible strings (e.g. e-mail addresses of the world's people). */
  strings: readonly string[];
}

/** `huge: false` for strings inside long lists, which would otherwise only meet the body limit (413). */
export function hostileString(pools: FuzzPools, huge = true): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...TRICKY_STRINGS, ...pools.strings) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: huge ? 1 : 0, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constantFrom(...TRICKY_STRINGS).chain((a) => fc.constantFrom(...TRICKY_STRINGS).map((b) => `${a}${b}`)) },
  );
}

/**
 * The kind of object an argument or input field names (`assignmentId`, `pairA`, `reviewerId`), so
 * that a real id of that kind is drawn often and the call gets past "not found" into the rules.
 */
export function idKindOf(name: string): IdKind | undefined {
  const rules: [RegExp, IdKind][] = [
    [/cohort/i, 'cohort'],
    [/module/i, 'module'],
    [/assignment/i, 'assignment'],
    [/submission/i, 'submission'],
    [/user|author|reviewer/i, 'user'],
    [/review|pair/i, 'pair'],
    [/criterion/i, 'criterion'],
    [/notification/i, 'notification'],
  ];
  return rules.find(([pattern]) => pattern.test(name))?.[1];
}

export function hostileId(pools: FuzzPools, huge = true, name = ''): fc.Arbitrary<string> {
  const kind = idKindOf(name);
  const all = Object.values(pools.ids).flat();
  return fc.oneof(
    { weight: kind ? 5 : 0, arbitrary: fc.constantFrom(...(kind && pools.ids[kind].length ? pools.ids[kind] : all)) },
    { weight: 3, arbitrary: fc.constantFrom(...all) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...NON_UUID_IDS) },
    { weight: 1, arbitrary: hostileString(pools, huge) },
  );
}

/** A value of another type than the argument's: the server must refuse it as bad input. */
const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(null, 42, -1.5, true, 'text', [], {}, [1, 'a'], { nested: { deeper: [null] } });

/** An arbitrary value for a GraphQL input type; about one value in twelve has a wrong type. */
export function inputValue(type: GraphQLInputType, pools: FuzzPools, depth = 0, name = ''): fc.Arbitrary<unknown> {
  const right = rightValue(type, pools, depth, name);
  return fc.oneof({ weight: 11, arbitrary: right }, { weight: 1, arbitrary: wrongType });
}

function rightValue(type: GraphQLInputType, pools: FuzzPools, depth: number, name: string): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return inputValue(type.ofType, pools, depth, name);
  // A nullable position: sometimes null.
  return fc.oneof({ weight: 4, arbitrary: nullable(type, pools, depth, name) }, { weight: 1, arbitrary: fc.constant(null) });
}

function nullable(type: GraphQLInputType, pools: FuzzPools, depth: number, name: string): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return inputValue(type.ofType, pools, depth, name);
  if (isListType(type)) {
    const item = inputValue(type.ofType as GraphQLInputType, pools, depth + 1, name);
    return fc.oneof(
      { weight: 5, arbitrary: fc.array(item, { maxLength: 4 }) },
      // GraphQL coerces a single value to a list of one.
      { weight: 1, arbitrary: item },
      // Long lists of badly typed items reach graphql-js's limit of 50 variable errors; that error
      // must come back as BAD_USER_INPUT like the others.
      { weight: 1, arbitrary: fc.array(item, { minLength: 20, maxLength: 60 }) },
    );
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((value) => value.name);
    return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', values[0].toLowerCase(), '') });
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) shape[field.name] = inputValue(field.type, pools, depth + 1, field.name);
    const required = fields.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined).map((field) => field.name);
    const record = fc.record(shape, { requiredKeys: required });
    return fc
      .tuple(record, fc.nat({ max: 9 }), fc.constantFrom(...fields.map((field) => field.name)), fc.constantFrom('unknownField', '__proto__', 'id', 'createdBy', 'role'))
      .map(([value, dice, victim, unknown]) => {
        const copy: Record<string, unknown> = { ...value };
        if (dice === 0) delete copy[victim]; // sometimes a required field is missing
        if (dice === 1) Object.defineProperty(copy, unknown, { value: 'x', enumerable: true, writable: true, configurable: true });
        return copy;
      });
  }
  switch (getNamedType(type).name) {
    case 'ID':
      return hostileId(pools, true, name);
    case 'String':
      return hostileString(pools);
    case 'Int':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...INT_EDGES) }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.constantFrom(2147483648, -2147483649, 1.5) });
    case 'Float':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FLOAT_EDGES) }, { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
    case 'Date':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...DATE_TEXTS) },
        { weight: 2, arbitrary: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1e15, -1) },
      );
    default:
      // Custom scalars (e.g. an upload) get strings: they must be refused as bad input.
      return hostileString(pools);
  }
}

/** A value that passes GraphQL's variable coercion (strings and ids are still hostile). */
export function wellTyped(type: GraphQLInputType, pools: FuzzPools, huge = true, name = ''): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return wellTyped(type.ofType, pools, huge, name);
  if (isListType(type)) return fc.array(wellTyped(type.ofType as GraphQLInputType, pools, huge, name), { maxLength: 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) shape[field.name] = wellTyped(field.type, pools, huge, field.name);
    return fc.record(shape, { requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name) });
  }
  switch (getNamedType(type).name) {
    case 'Int':
      return fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer());
    case 'Float':
      return fc.oneof(fc.constantFrom(...FLOAT_EDGES), fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.date({ noInvalidDate: true, min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z') }).map((date) => date.toISOString());
    case 'ID':
      return hostileId(pools, huge, name);
    default:
      return hostileString(pools, huge);
  }
}

/**
 * Variables for every argument of a root field, half the time well-typed (they pass GraphQL's
 * coercion and reach the services with hostile strings, ids and numbers), half the time chaotic
 * (wrong types, missing or unknown fields); optional arguments are sometimes omitted.
 */
export function argumentsOf(field: GraphQLField<unknown, unknown>, pools: FuzzPools): fc.Arbitrary<Record<string, unknown>> {
  const required = field.args.filter((arg) => isRequiredArgument(arg)).map((arg) => arg.name);
  const chaotic: Record<string, fc.Arbitrary<unknown>> = {};
  const typed: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of field.args) {
    chaotic[arg.name] = inputValue(arg.type, pools, 0, arg.name);
    typed[arg.name] = wellTyped(arg.type, pools, true, arg.name);
  }
  return fc.oneof(fc.record(typed, { requiredKeys: required }), fc.record(chaotic, { requiredKeys: required }));
}

/** `mutation ($a: T!) { name(a: $a) { ...selection } }` for a root field. */
export function operationFor(field: GraphQLField<unknown, unknown>): string {
  const declared = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `mutation${declared ? ` (${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selectionOf(field.type, 0)} }`;
}

/** The leaf fields without required arguments, one level of objects deep, so field resolvers run too. */
function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth >= 2) return ' { __typename }';
  const parts = ['__typename'];
  for (const child of Object.values(named.getFields())) {
    if (child.args.some((arg) => isRequiredArgument(arg))) continue;
    const childType = getNamedType(child.type);
    if (isLeafType(childType)) parts.push(child.name);
    else if (depth < 1) parts.push(`${child.name}${selectionOf(child.type, depth + 1)}`);
  }
  return ` { ${parts.join(' ')} }`;
}

export function mutationFields(schema: GraphQLSchema): GraphQLField<unknown, unknown>[] {
  const type = schema.getMutationType();
  if (!type) return [];
  return Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Who may call each root mutation, read from the @Public/@Authenticated/@AdminOnly metadata of
 * the resolver methods (the same metadata the global guard reads).
 */
export function accessLevels(app: INestApplication): Map<string, AccessLevel> {
  const levels = new Map<string, AccessLevel>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        // Descriptors, not property reads: some providers have getters that throw before start-up ends.
        const method: unknown = Object.getOwnPropertyDescriptor(prototype, key)?.value;
        if (key === 'constructor' || typeof method !== 'function') continue;
        if (Reflect.getMetadata('graphql:resolver_type', method) !== 'Mutation') continue;
        const name = (Reflect.getMetadata('graphql:resolver_name', method) as string | undefined) ?? key;
        const level = Reflect.getMetadata(ACCESS_LEVEL, method) as AccessLevel | undefined;
        if (level) levels.set(name, level);
      }
    }
  }
  return levels;
}

export interface FuzzResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string; requestId?: string } }[] } | undefined;
  text: string;
}

/** Posts one operation and keeps the HTTP status (the harness's `gql` throws on 5xx). */
export async function post(http: App, query: string, variables: Record<string, unknown>, token?: string): Promise<FuzzResponse> {
  const call = request(http).post('/graphql').set('content-type', 'application/json');
  if (token) call.set('authorization', `Bearer ${token}`);
  const response = await call.send({ query, variables });
  const body = response.body && typeof response.body === 'object' ? (response.body as FuzzResponse['body']) : undefined;
  return { status: response.status, body, text: response.text };
}

/** Strings over `max` characters cut in the middle, for failure messages. */
export function truncated(value: unknown, max = 300): string {
  const text = JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'string' && inner.length > 80 ? `${inner.slice(0, 60)}…(${inner.length} chars)` : inner,
  );
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A stable number from a text, to derive each property's seed from the global one. */
export function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

interface Leaf {
  path: (string | number)[];
  name: string;
  type: GraphQLInputType;
}

/** The leaves of a variables object, each with the GraphQL type it has there. */
function leavesOf(value: unknown, type: GraphQLInputType, path: (string | number)[], name: string, into: Leaf[]): void {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner) && Array.isArray(value)) {
    into.push({ path, name, type });
    value.forEach((item, index) => leavesOf(item, inner.ofType as GraphQLInputType, [...path, index], name, into));
    return;
  }
  if (isInputObjectType(inner) && value && typeof value === 'object') {
    into.push({ path, name, type });
    const fields = inner.getFields();
    for (const [key, child] of Object.entries(value)) {
      if (fields[key]) leavesOf(child, fields[key].type, [...path, key], key, into);
    }
    return;
  }
  into.push({ path, name, type });
}

function withValueAt(template: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(template);
  let target: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path[path.length - 1]] = value;
  return copy;
}

/**
 * Near-valid variables: a call that would succeed (`template`) with ONE value (a leaf, a list or a
 * whole input object) replaced by a hostile one, so the hostile value meets the service's rules
 * rather than an earlier "not found".
 */
export function nearValid(field: GraphQLField<unknown, unknown>, template: Record<string, unknown>, pools: FuzzPools): fc.Arbitrary<Record<string, unknown>> {
  const leaves: Leaf[] = [];
  for (const arg of field.args) {
    if (arg.name in template) leavesOf(template[arg.name], arg.type, [arg.name], arg.name, leaves);
  }
  if (!leaves.length) return fc.constant(template);
  return fc
    .constantFrom(...leaves)
    .chain((leaf) => fc.oneof(wellTyped(leaf.type, pools, true, leaf.name), inputValue(leaf.type, pools, 0, leaf.name)).map((value) => withValueAt(template, leaf.path, value)));
}
