import { createCohort, createPerson, enrol } from './support/fixtures';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves a cohort tree to a participant', async () => {
    const admin = await loginAdmin(t.http);
    const { cohortId } = await createCohort(t.http, admin);
    const participant = await createPerson(t.http, admin);
    await enrol(t.http, admin, cohortId, participant.id, 'PARTICIPANT');
    const data = await ok(t.http, `query ($id: ID!) { cohort(id: $id) { name modules { title assignments { title rubric { title } } } } }`, { id: cohortId }, participant.token);
    expect(data.cohort.modules[0].assignments[0].rubric[0].title).toBe('Volledigheid');
    const error = await fails(t.http, `{ users { totalCount } }`, {}, participant.token);
    expect(error.extensions.code).toBe('FORBIDDEN');
  });
});
