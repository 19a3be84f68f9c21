import request from 'supertest';
import { createCohort, rejects } from './support/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAdmin, ok, snapshotDatabase, startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Abusive documents are refused while parsing or validating (GraphQL Armor), before a resolver
 * runs: depth, aliases, cost, tokens, and batches of operations.
 */
describe('GraphQL limits', () => {
  let t: TestApp;
  let admin: string;
  let cohort: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    cohort = { id: (await createCohort(t.http, admin)).cohortId };
  });
  afterAll(() => t.close());

  const post = (body: unknown, token?: string) => {
    const call = request(t.http).post('/graphql').set('content-type', 'application/json');
    if (token) call.set('authorization', `Bearer ${token}`);
    return call.send(body as object);
  };
  const refreshTokens = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM refresh_tokens'))[0].n);
  const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';
  const credentials = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };

  /** cohort → modules → cohort → ... with `id` at the bottom: a query of `depth` levels. */
  function nested(depth: number): string {
    let selection = '{ id }';
    for (let level = depth - 2; level >= 1; level -= 1) selection = `{ id ${level % 2 ? 'modules' : 'cohort'} ${selection} }`;
    return `query Deep($id: ID!) { cohort(id: $id) ${selection} }`;
  }

  describe('depth', () => {
    it('refuses a depth-12 query before running it, naming the limit', async () => {
      const response = await post({ query: nested(12), variables: { id: cohort.id } }, admin);
      expect(response.status).toBe(400);
      const body = response.body as GraphQLResponse;
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((error) => error.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(body.errors?.[0].message).toMatch(/depth limit of 10 exceeded, found 12/i);
    });

    it('answers the same query within the limit', async () => {
      const data = await ok(t.http, nested(10), { id: cohort.id }, admin);
      expect(data.cohort.modules[0].cohort.id).toBe(cohort.id);
    });

    it('counts fragments where they are spread', async () => {
      const query = `query ($id: ID!) { cohort(id: $id) { ...A } }
        fragment A on Cohort { modules { cohort { modules { cohort { modules { ...B } } } } } }
        fragment B on CourseModule { cohort { modules { cohort { modules { cohort { id } } } } } }`;
      const response = await post({ query, variables: { id: cohort.id } }, admin);
      expect(response.status).toBe(400);
      expect((response.body as GraphQLResponse).errors?.[0].message).toMatch(/depth limit/i);
    });
  });

  describe('aliases', () => {
    it('refuses 100 aliased login calls in one document; none of them runs', async () => {
      const before = await refreshTokens();
      const fields = Array.from({ length: 100 }, (_, i) => `a${i}: login(email: $email, password: $password) { accessToken }`);
      const document = `mutation ($email: String!, $password: String!) { ${fields.join(' ')} }`;
      const error = await rejects(t, document, credentials, undefined, 'GRAPHQL_VALIDATION_FAILED');
      expect(error.message).toMatch(/aliases limit of 15 exceeded/i);
      expect(await refreshTokens()).toBe(before);
    });

    it('allows a handful of aliases', async () => {
      const data = await ok(t.http, `query ($id: ID!) { a: cohort(id: $id) { id } b: cohort(id: $id) { name } }`, { id: cohort.id }, admin);
      expect(data.a.id).toBe(cohort.id);
    });
  });

  describe('batching', () => {
    it('refuses an array batch of 100 logins with a clear error, running none of them', async () => {
      const before = await snapshotDatabase(t.dataSource);
      const response = await post(Array.from({ length: 100 }, () => ({ query: LOGIN, variables: credentials })));
      expect(response.status).toBe(400);
      expect(response.text).toMatch(/batching/i);
      expect(response.text).not.toContain('accessToken');
      expect(await snapshotDatabase(t.dataSource)).toBe(before);
    });

    it('refuses an array of one operation too (no batching at all)', async () => {
      const response = await post([{ query: '{ __typename }' }]);
      expect(response.status).toBe(400);
    });
  });

  describe('cost and page size', () => {
    it('refuses first: 100000 written into the document, by its cost', async () => {
      const response = await post({ query: '{ municipalities(first: 100000) { edges { node { code name } } } }' }, admin);
      expect(response.status).toBe(400);
      const body = response.body as GraphQLResponse;
      expect(body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors?.[0].message).toMatch(/cost limit of 20000 exceeded/i);
    });

    it('refuses first: 100000 passed as a variable, by the page-size rule', async () => {
      const query = 'query ($first: Int!) { municipalities(first: $first) { edges { node { code } } } }';
      for (const first of [100_000, 101, 0, -1]) {
        const response = await post({ query, variables: { first } }, admin);
        const body = response.body as GraphQLResponse;
        expect(body.data).toBeNull();
        expect(body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      }
    });

    it('accepts the largest page (first: 100) of a list', async () => {
      const data = await ok(t.http, '{ municipalities(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code name province } } } }', {}, admin);
      expect(data.municipalities.edges).toHaveLength(100);
    });

    it('accepts a full page of enrolments with profiles (the most costly query the clients send)', async () => {
      const query = `query ($cohortId: ID!) { enrollments(cohortId: $cohortId, first: 100) {
        edges { node { role user { id name email role active municipality { code } businessDomain { code } } } } } }`;
      expect((await ok(t.http, query, { cohortId: cohort.id }, admin)).enrollments.edges).toEqual(expect.any(Array));
    });

    it('refuses a wide query over the cost limit', async () => {
      const wide = Array.from({ length: 12 }, (_, i) => `m${i}: municipalities(first: 100) { edges { node { code name province } } }`);
      const response = await post({ query: `{ ${wide.join(' ')} }` }, admin);
      expect(response.status).toBe(400);
      expect((response.body as GraphQLResponse).errors?.[0].message).toMatch(/cost limit/i);
    });
  });

  describe('size', () => {
    it('refuses a 200 KB query at the token limit, quickly, before validating it', async () => {
      const query = `{ ${'__typename '.repeat(200_000 / 11)} }`;
      expect(query.length).toBeGreaterThan(190_000);
      const started = Date.now();
      const response = await post({ query }, admin);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(response.status).toBe(400);
      const body = response.body as GraphQLResponse;
      expect(body.errors?.map((error) => error.extensions.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(body.errors?.[0].message).toMatch(/more tha[nt] 2000 tokens/i);
    });

    it('refuses a 200 KB string literal no more than a 200 KB query of names', async () => {
      const response = await post({ query: `{ municipality(code: "${'x'.repeat(200_000)}") { name } }` }, admin);
      // One token, so within the token limit: the argument rules refuse it instead.
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors?.[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    });

    it('refuses more than 50 directives', async () => {
      const response = await post({ query: `{ __typename ${'@include(if: true) '.repeat(60)} }` }, admin);
      expect(response.status).toBe(400);
      expect((response.body as GraphQLResponse).errors?.[0].message).toMatch(/directives limit/i);
    });
  });
});

describe('GraphQL limits from the configuration', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('reads depth, aliases, cost and tokens from GRAPHQL_MAX_*', async () => {
    t = await startTestApp({ GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_ALIASES: '1', GRAPHQL_MAX_COST: '100', GRAPHQL_MAX_TOKENS: '100' });
    const admin = await loginAdmin(t.http);
    const post = (query: string) => request(t.http).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${admin}`).send({ query });
    expect((await post('{ me { municipality { name } } }')).status).toBe(200);
    const within = await post('{ me { municipality { name province } businessDomain { nameEn } } }');
    expect({ status: within.status, errors: within.body.errors }).toEqual({ status: 200, errors: undefined });
    expect((await post('{ municipalities { edges { node { code } } } }')).body.errors[0].message).toMatch(/depth limit of 3/i);
    expect((await post('{ a: me { id } b: me { id } }')).body.errors[0].message).toMatch(/aliases limit of 1/i);
    expect((await post('{ municipalities(first: 100) { totalCount } }')).body.errors[0].message).toMatch(/cost limit of 100/i);
    expect((await post(`{ ${'__typename '.repeat(120)} }`)).body.errors[0].message).toMatch(/more tha[nt] 100 tokens/i);
  });
});

describe('variables with many type errors', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('answers BAD_USER_INPUT, not an internal error, past graphql-js’s limit of 50 variable errors', async () => {
    t = await startTestApp();
    const response = await request(t.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({
        query: 'mutation ($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
        variables: { input: { peerReviewId: 'x', comment: 'x', scores: Array.from({ length: 60 }, () => ({})) } },
      });
    expect(response.status).toBeLessThan(500);
    const codes = (response.body as GraphQLResponse).errors?.map((error) => error.extensions.code) ?? [];
    expect(codes.length).toBeGreaterThan(50);
    expect(new Set(codes)).toEqual(new Set(['BAD_USER_INPUT']));
  });
});

