import type { App } from 'supertest/types';
import { ok } from './test-app';

export const PASSWORD = 'a sound passphrase 42';

export interface PersonFixture {
  id: string;
  email: string;
  token: string;
}

let counter = 0;

/** Creates a user as admin, accepts the invitation with PASSWORD, and returns a session. */
export async function createPerson(
  http: App,
  adminToken: string,
  input: { name?: string; email?: string; municipalityCode?: string | null; businessDomainCode?: string | null; role?: 'ADMIN' | 'USER' } = {},
): Promise<PersonFixture> {
  counter += 1;
  const email = input.email ?? `person${counter}.${Date.now()}@gemeente.example`;
  const created = await ok<{ createUser: { user: { id: string }; invitation: { token: string } } }>(
    http,
    `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } invitation { token } } }`,
    {
      input: {
        name: input.name ?? `Person ${counter}`,
        email,
        municipalityCode: input.municipalityCode === undefined ? 'GM0363' : input.municipalityCode,
        businessDomainCode: input.businessDomainCode === undefined ? 'IA' : input.businessDomainCode,
        role: input.role ?? 'USER',
      },
    },
    adminToken,
  );
  const session = await ok<{ setPasswordWithToken: { accessToken: string } }>(
    http,
    `mutation ($token: String!, $password: String!) { setPasswordWithToken(token: $token, newPassword: $password) { accessToken } }`,
    { token: created.createUser.invitation.token, password: PASSWORD },
  );
  return { id: created.createUser.user.id, email, token: session.setPasswordWithToken.accessToken };
}

export interface CohortFixture {
  cohortId: string;
  moduleId: string;
  assignmentId: string;
}

/** An ACTIVE cohort for 2027 with one module and one assignment. */
export async function createCohort(http: App, adminToken: string, name = `Cohort ${Date.now()}-${++counter}`): Promise<CohortFixture> {
  const cohort = await ok<{ createCohort: { id: string } }>(
    http,
    `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }`,
    { input: { name, startDate: '2027-01-01', endDate: '2027-12-31', status: 'ACTIVE' } },
    adminToken,
  );
  const module = await ok<{ createCourseModule: { id: string } }>(
    http,
    `mutation ($input: CreateCourseModuleInput!) { createCourseModule(input: $input) { id } }`,
    { input: { cohortId: cohort.createCohort.id, title: 'Basisregistraties', opensAt: '2027-02-01T00:00:00Z', closesAt: '2027-03-31T23:00:00Z' } },
    adminToken,
  );
  const assignment = await ok<{ createAssignment: { id: string } }>(
    http,
    `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id } }`,
    {
      input: {
        moduleId: module.createCourseModule.id,
        title: 'Stelsel van basisregistraties in jouw gemeente',
        dueAt: '2027-02-15T17:00:00Z',
        reviewDueAt: '2027-02-22T17:00:00Z',
        rubric: [{ title: 'Volledigheid', minScore: 1, maxScore: 5 }],
      },
    },
    adminToken,
  );
  return { cohortId: cohort.createCohort.id, moduleId: module.createCourseModule.id, assignmentId: assignment.createAssignment.id };
}

export async function enrol(http: App, adminToken: string, cohortId: string, userId: string, role: 'PARTICIPANT' | 'COACH'): Promise<void> {
  await ok(
    http,
    `mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { id } }`,
    { input: { cohortId, userId, role } },
    adminToken,
  );
}
