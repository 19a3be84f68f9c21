import { createCohort, createPerson, enrol, rejects, type PersonFixture } from './support/fixtures';
import { gql, loginAdmin, ok, snapshotDatabase, startTestApp, type TestApp } from './support/test-app';

/**
 * The attack list of the production-hardening issue, one short test per attack that has no test
 * elsewhere; the others name the test that covers them.
 *
 * Covered elsewhere:
 * - missing token: users.e2e-spec.ts "refuses callers without a valid token"; malformed
 *   Authorization headers: auth-tokens.e2e-spec.ts "refuses malformed Authorization headers"
 * - expired token, alg none, wrong signature: auth-tokens.e2e-spec.ts ("refuses an expired token",
 *   "refuses alg "none" and algorithms other than HS256", "refuses a token signed with another secret")
 * - a 1 MB password: auth-tokens.e2e-spec.ts "refuses a 1 MB password with BAD_USER_INPUT before any hashing"
 * - brute-force login from one address, and with forged X-Forwarded-For: login-throttling.e2e-spec.ts
 * - participant A reading participant B's submission by id: submissions.e2e-spec.ts
 *   "a participant sees only their own work: mySubmissions is per person and B cannot read A by id"
 * - reviewing a submission not assigned to you, or your own: reviews.e2e-spec.ts
 *   "answers NOT_FOUND, revealing nothing, for someone else’s task, one’s own work, ..."
 * - depth-12 query, 100 aliased logins, an array batch of 100 logins, first: 100000, a 200 KB
 *   query: security-limits.e2e-spec.ts
 * - a 20 MB JSON body, malformed JSON, CSRF (text/plain, form data), introspection in production
 *   and with NODE_ENV unset: security-http.e2e-spec.ts
 */
describe('attacks on authorization and input', () => {
  let t: TestApp;
  let admin: string;
  let participant: PersonFixture;
  let assignmentId: string;
  let cohortId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    const cohort = await createCohort(t.http, admin);
    assignmentId = cohort.assignmentId;
    cohortId = cohort.cohortId;
    participant = await createPerson(t.http, admin, { name: "Jan O'Brien" });
    await enrol(t.http, admin, cohort.cohortId, participant.id, 'PARTICIPANT');
  });
  afterAll(() => t.close());

  const METACHARACTERS = [
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    '" OR ""="',
    '%',
    '_',
    '\\',
    '%_\\%',
    "O'Brien",
    ') OR 1=1 --',
    '1; SELECT pg_sleep(5)',
    '\u0000',
  ];

  it('treats SQL metacharacters in every search and filter as plain text', async () => {
    const before = await snapshotDatabase(t.dataSource);
    const calls: { query: string; variables: (value: string) => Record<string, unknown>; total: (data: Record<string, any>) => number | undefined }[] = [
      {
        query: 'query ($v: String) { municipalities(search: $v) { totalCount edges { node { code } } } }',
        variables: (v) => ({ v }),
        total: (data) => data.municipalities.totalCount,
      },
      {
        query: 'query ($v: String) { municipalities(province: $v) { totalCount } }',
        variables: (v) => ({ v }),
        total: (data) => data.municipalities.totalCount,
      },
      {
        query: 'query ($v: String) { users(search: $v) { totalCount edges { node { id } } } }',
        variables: (v) => ({ v }),
        total: (data) => data.users.totalCount,
      },
      {
        query: 'query ($v: String) { users(municipalityCode: $v) { totalCount } }',
        variables: (v) => ({ v }),
        total: (data) => data.users.totalCount,
      },
      { query: 'query ($v: String!) { municipality(code: $v) { code } }', variables: (v) => ({ v }), total: () => undefined },
      { query: 'query ($v: String!) { businessDomain(code: $v) { code } }', variables: (v) => ({ v }), total: () => undefined },
      { query: 'query ($v: String) { users(after: $v) { totalCount } }', variables: (v) => ({ v }), total: () => undefined },
      { query: 'query ($v: String) { municipalities(after: $v) { totalCount } }', variables: (v) => ({ v }), total: () => undefined },
    ];
    for (const call of calls) {
      for (const value of METACHARACTERS) {
        const started = Date.now();
        const response = await gql(t.http, call.query, call.variables(value), admin);
        expect(Date.now() - started).toBeLessThan(3000);
        const codes = (response.errors ?? []).map((error) => error.extensions.code);
        // Either an answer that matched the text literally (nothing, here), or a refusal of the value.
        expect({ query: call.query, value, codes: codes.filter((code) => !['BAD_USER_INPUT', 'NOT_FOUND'].includes(code)) }).toEqual({ query: call.query, value, codes: [] });
        if (!response.errors && response.data && value !== "O'Brien") expect({ value, total: call.total(response.data) ?? 0 }).toEqual({ value, total: 0 });
      }
    }
    // A control character in free text is refused (SQLite would end the LIKE pattern at a NUL and match everything).
    for (const query of ['query ($v: String) { users(search: $v) { totalCount } }', 'query ($v: String) { municipalities(search: $v) { totalCount } }']) {
      const refused = await gql(t.http, query, { v: 'Ams\u0000' }, admin);
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', problems: [{ field: 'search', message: 'must not contain control characters' }] } });
    }
    // The apostrophe is data: the participant called O'Brien is found by it.
    const obrien = await ok(t.http, 'query ($v: String) { users(search: $v) { edges { node { id } } } }', { v: "O'Brien" }, admin);
    expect(obrien.users.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([participant.id]);
    // Enum filters take only their values.
    for (const query of ['{ cohorts(status: "ACTIVE\' OR 1=1") { totalCount } }', "{ myReviewTasks(status: OPEN_OR_1) { id } }"]) {
      expect((await gql(t.http, query, {}, admin)).errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect(await snapshotDatabase(t.dataSource)).toBe(before);
  });

  it('does not let a participant make themself an admin through updateUser', async () => {
    await rejects(t, 'mutation ($id: ID!) { updateUser(id: $id, input: { role: ADMIN }) { role } }', { id: participant.id }, participant.token, 'FORBIDDEN');
    const me = await ok(t.http, '{ me { role } }', {}, participant.token);
    expect(me.me.role).toBe('USER');
  });

  it('refuses fields an input does not have (a score, a version, an author, a role) without writing anything', async () => {
    const SUBMIT = 'mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { id } }';
    for (const extra of [{ score: 10 }, { grade: 'A' }, { version: 99 }, { authorId: participant.id }, { isLate: false }]) {
      const error = await rejects(t, SUBMIT, { input: { assignmentId, body: 'Mijn werk.', ...extra } }, participant.token, 'BAD_USER_INPUT');
      expect(error.message).toContain(Object.keys(extra)[0]);
    }
    const ENROL = 'mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { id } }';
    await rejects(t, ENROL, { input: { cohortId, userId: participant.id, role: 'COACH' } }, participant.token, 'FORBIDDEN');
    // Inline in the document, the same extra field fails validation.
    await rejects(t, `mutation { submitAssignment(input: { assignmentId: "${assignmentId}", body: "x", score: 10 }) { id } }`, {}, participant.token, 'GRAPHQL_VALIDATION_FAILED');
  });
});
