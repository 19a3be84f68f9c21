import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createCohort, createPerson, enrol, PASSWORD, type PersonFixture } from './support/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAdmin, ok, startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { id: string; method: string; path: string };
  res?: { statusCode: number };
  responseTime?: number;
  operationName?: string;
  userId?: string;
  err?: { message: string; stack?: string };
}

/**
 * The structured log: one JSON line per request with request id, operation name, user id,
 * status and duration; unexpected errors in full with the same request id the client sees;
 * never a password, a token or the text of a submission.
 */
describe('structured logging', () => {
  const dir = mkdtempSync(join(tmpdir(), 'academy-log-'));
  const file = join(dir, 'academy.log');
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info', LOG_FILE: file });
    admin = await loginAdmin(t.http);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = () => readFileSync(file, 'utf8');
  const lines = (): LogLine[] =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);

  /** The completion line of the request with this id (written when the response finishes). */
  async function requestLine(requestId: string): Promise<LogLine> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const line = lines().find((entry) => entry.msg === 'request completed' && entry.req?.id === requestId);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no log line for request ${requestId}`);
  }

  const post = (body: object, token?: string) => {
    const call = request(t.http).post('/graphql').set('content-type', 'application/json');
    if (token) call.set('authorization', `Bearer ${token}`);
    return call.send(body);
  };

  it('writes every line as JSON', () => {
    expect(lines().length).toBeGreaterThan(0);
  });

  it('logs a login as one line with its operation name, and neither the password nor a token', async () => {
    const response = await post({
      query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken } }',
      variables: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    const { accessToken, refreshToken } = (response.body as GraphQLResponse).data?.login ?? {};
    expect(accessToken).toEqual(expect.any(String));
    const requestId = String(response.headers['x-request-id']);
    const line = await requestLine(requestId);
    expect(line).toMatchObject({ level: 30, operationName: 'login', req: { method: 'POST', path: '/graphql' }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
    expect(lines().filter((entry) => entry.req?.id === requestId)).toHaveLength(1);
    const log = text();
    for (const secret of [ADMIN_PASSWORD, accessToken, refreshToken, admin]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/authorization|bearer/i);
  });

  it('names the user and the operation (its own name, else its root fields)', async () => {
    const named = await post({ query: 'query MyProfile { me { id } }' }, admin);
    const adminId = (named.body as GraphQLResponse).data?.me.id;
    expect(await requestLine(String(named.headers['x-request-id']))).toMatchObject({ operationName: 'MyProfile', userId: adminId });
    const anonymous = await post({ query: '{ me { id } municipalities(first: 1) { totalCount } }' }, admin);
    expect(await requestLine(String(anonymous.headers['x-request-id']))).toMatchObject({ operationName: 'me,municipalities', userId: adminId });
    const chosen = await post({ query: 'query A { me { id } } query B { me { name } }', operationName: 'B' }, admin);
    expect(await requestLine(String(chosen.headers['x-request-id']))).toMatchObject({ operationName: 'B' });
  });

  it('logs no submission text, only that submitAssignment ran and who ran it', async () => {
    const cohort = await createCohort(t.http, admin);
    const participant: PersonFixture = await createPerson(t.http, admin, { name: 'Pien Logboek' });
    await enrol(t.http, admin, cohort.cohortId, participant.id, 'PARTICIPANT');
    const secretText = 'Vertrouwelijke analyse van de basisregistratie personen 7f3a9c';
    const response = await post(
      { query: 'mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { id } }', variables: { input: { assignmentId: cohort.assignmentId, body: secretText } } },
      participant.token,
    );
    expect((response.body as GraphQLResponse).errors).toBeUndefined();
    const line = await requestLine(String(response.headers['x-request-id']));
    expect(line).toMatchObject({ operationName: 'submitAssignment', userId: participant.id, res: { statusCode: 200 } });
    expect(text()).not.toContain('7f3a9c');
    expect(text()).not.toContain(PASSWORD);
  });

  it('does not log a client-chosen operation name that is not a GraphQL name', async () => {
    const response = await request(t.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": "{ __typename", "operationName": "x\\n{\\"level\\":60,\\"msg\\":\\"forged\\"}"}');
    const line = await requestLine(String(response.headers['x-request-id']));
    expect(line.operationName).toBeUndefined();
    expect(lines().some((entry) => entry.msg === 'forged')).toBe(false);
  });

  it('logs requests the body parser refuses, with their status', async () => {
    const malformed = await request(t.http).post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(malformed.status).toBe(400);
    expect(await requestLine(String(malformed.headers['x-request-id']))).toMatchObject({ res: { statusCode: 400 } });
    const large = await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }', variables: { password: 'y'.repeat(2 * 1024 * 1024) } });
    expect(large.status).toBe(413);
    expect(await requestLine(String(large.headers['x-request-id']))).toMatchObject({ res: { statusCode: 413 } });
    expect(text()).not.toContain('yyyyyyyy');
  });

  it('masks an unexpected error behind the request id; the log has the details under the same id', async () => {
    const person = await createPerson(t.http, admin, { name: 'Fouten Frits' });
    await t.dataSource.query('ALTER TABLE notifications RENAME TO notifications_gone');
    let response;
    try {
      response = await post({ query: 'query Inbox { myNotifications { id } }' }, person.token);
    } finally {
      await t.dataSource.query('ALTER TABLE notifications_gone RENAME TO notifications');
    }
    const body = response.body as GraphQLResponse & { errors: { extensions: { requestId?: string } }[] };
    const requestId = String(response.headers['x-request-id']);
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(body.errors[0].message).toBe(`Internal server error (request id ${requestId})`);
    expect(JSON.stringify(body)).not.toMatch(/no such table|does not exist|SELECT|sqlite|QueryFailed|stack/i);

    await requestLine(requestId);
    const errorLine = lines().find((entry) => entry.msg === 'unexpected error' && entry.reqId === requestId);
    expect(errorLine).toMatchObject({ level: 50, operationName: 'Inbox', userId: person.id, err: { message: expect.stringMatching(/notifications/) } });
    expect(errorLine?.err?.stack).toEqual(expect.any(String));
    // Every line about the request carries its id.
    expect(lines().filter((entry) => entry.req?.id === requestId)).toHaveLength(1);
    // The table is back: the same query works.
    expect((await ok(t.http, '{ myNotifications { id } }', {}, person.token)).myNotifications).toEqual(expect.any(Array));
  });

  it('logs a failed statement without its parameters (the text being written)', async () => {
    const cohort = await createCohort(t.http, admin);
    const participant = await createPerson(t.http, admin, { name: 'Saar Schrijver' });
    await enrol(t.http, admin, cohort.cohortId, participant.id, 'PARTICIPANT');
    const submission = await ok(
      t.http,
      'mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { id } }',
      { input: { assignmentId: cohort.assignmentId, body: 'Eerste versie.' } },
      participant.token,
    );
    const secretFeedback = 'Persoonlijke feedback die niet in een log hoort 91be2d';
    await t.dataSource.query('ALTER TABLE submission_feedback RENAME TO submission_feedback_gone');
    let response;
    try {
      response = await post(
        { query: 'mutation ($id: ID!, $body: String!) { addSubmissionFeedback(submissionId: $id, body: $body) { id } }', variables: { id: submission.submitAssignment.id, body: secretFeedback } },
        admin,
      );
    } finally {
      await t.dataSource.query('ALTER TABLE submission_feedback_gone RENAME TO submission_feedback');
    }
    const requestId = String(response.headers['x-request-id']);
    expect((response.body as GraphQLResponse).errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    await requestLine(requestId);
    expect(lines().some((entry) => entry.msg === 'unexpected error' && entry.reqId === requestId && entry.operationName === 'addSubmissionFeedback')).toBe(true);
    expect(text()).not.toContain('91be2d');
  });
});
