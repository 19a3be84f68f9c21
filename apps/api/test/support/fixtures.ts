import type { App } from 'supertest/types';
import { fails, ok, snapshotDatabase } from './test-app';
import type { GraphQLResponse, TestApp } from './test-app';

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

/** A name no other test uses, e.g. `Cohort 1732812345678-7`. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${Date.now()}-${counter}`;
}

export interface ModuleFixtureInput {
  title?: string;
  opensAt?: string;
  closesAt?: string;
  position?: number;
}

/** A module of a cohort; by default open in February and March 2027 (inside `createCohort`'s year). */
export async function createModule(http: App, adminToken: string, cohortId: string, input: ModuleFixtureInput = {}): Promise<string> {
  const data = await ok<{ createCourseModule: { id: string } }>(
    http,
    `mutation ($input: CreateCourseModuleInput!) { createCourseModule(input: $input) { id } }`,
    {
      input: {
        cohortId,
        title: input.title ?? unique('Module'),
        opensAt: input.opensAt ?? '2027-02-01T00:00:00Z',
        closesAt: input.closesAt ?? '2027-03-31T23:00:00Z',
        ...(input.position === undefined ? {} : { position: input.position }),
      },
    },
    adminToken,
  );
  return data.createCourseModule.id;
}

export interface AssignmentFixtureInput {
  title?: string;
  dueAt?: string;
  reviewDueAt?: string;
}

/** An assignment of a module whose window holds `dueAt` (default: `createModule`'s window). */
export async function createAssignment(http: App, adminToken: string, moduleId: string, input: AssignmentFixtureInput = {}): Promise<string> {
  const data = await ok<{ createAssignment: { id: string } }>(
    http,
    `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id } }`,
    {
      input: {
        moduleId,
        title: input.title ?? unique('Assignment'),
        dueAt: input.dueAt ?? '2027-02-15T17:00:00Z',
        reviewDueAt: input.reviewDueAt ?? '2027-02-22T17:00:00Z',
        rubric: [{ title: 'Volledigheid', minScore: 1, maxScore: 5 }],
      },
    },
    adminToken,
  );
  return data.createAssignment.id;
}

export type GraphQLErrorBody = NonNullable<GraphQLResponse['errors']>[number];

/**
 * A call that must fail with `code` (and, when given, name `field` in extensions.problems or
 * the message) and must leave every table exactly as it was.
 */
export async function rejects(
  t: TestApp,
  query: string,
  variables: Record<string, unknown>,
  token: string | undefined,
  code: string,
  field?: string,
): Promise<GraphQLErrorBody> {
  const before = await snapshotDatabase(t.dataSource);
  const error = await fails(t.http, query, variables, token);
  const after = await snapshotDatabase(t.dataSource);
  if (after !== before) {
    const [was, is] = [new Set(before.split('\n')), new Set(after.split('\n'))];
    const changed = [...[...is].filter((line) => !was.has(line)).map((line) => `+ ${line}`), ...[...was].filter((line) => !is.has(line)).map((line) => `- ${line}`)];
    throw new Error(`The rejected call (${error.extensions.code}: ${error.message}) changed the database:\n${changed.slice(0, 10).join('\n')}`);
  }
  expectError(error, code, field);
  return error;
}

/** Checks extensions.code and, for a field, that the problems or the message name it. */
export function expectError(error: GraphQLErrorBody, code: string, field?: string): void {
  expect({ code: error.extensions.code, message: error.message }).toEqual({ code, message: expect.any(String) });
  if (field === undefined) return;
  const fields = (error.extensions.problems ?? []).map((problem) => problem.field);
  if (!fields.length) {
    expect(error.message).toContain(field);
    return;
  }
  expect(fields).toContain(field);
}

// ---- Peer reviews: pairs and live schedules (reviews, anonymity and notifications suites) ----
// Imports sit here because helpers are only ever appended to this file.
import { AssignmentPairingEntity } from '../../src/pairings/assignment-pairing.entity';
import { PeerReviewEntity, PeerReviewStatus } from '../../src/peer-reviews/peer-review.entity';
import { SubmissionEntity } from '../../src/submissions/submission.entity';

const HOUR_MS = 3600_000;

/** An instant `hours` from now (negative: in the past), as ISO text. */
export const hoursFromNow = (hours: number): string => new Date(Date.now() + hours * HOUR_MS).toISOString();

/** An ACTIVE (or given status) cohort running from 30 days ago to 60 days ahead, with a module open around now. */
export async function createLiveCohort(
  http: App,
  adminToken: string,
  status: 'DRAFT' | 'ACTIVE' | 'CLOSED' = 'ACTIVE',
): Promise<{ cohortId: string; moduleId: string }> {
  const day = (offset: number) => new Date(Date.now() + offset * 24 * HOUR_MS).toISOString().slice(0, 10);
  const cohort = await ok<{ createCohort: { id: string } }>(
    http,
    `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }`,
    { input: { name: unique('Live cohort'), startDate: day(-30), endDate: day(60), status } },
    adminToken,
  );
  const moduleId = await createModule(http, adminToken, cohort.createCohort.id, { opensAt: hoursFromNow(-24 * 20), closesAt: hoursFromNow(24 * 50) });
  return { cohortId: cohort.createCohort.id, moduleId };
}

export interface ReviewAssignmentFixture {
  id: string;
  title: string;
  rubric: { id: string; title: string; minScore: number; maxScore: number }[];
}

/** An assignment with every review option settable; dates default to due in 3 days, reviews in 10. */
export async function createReviewAssignment(
  http: App,
  adminToken: string,
  moduleId: string,
  input: Record<string, unknown> = {},
): Promise<ReviewAssignmentFixture> {
  const data = await ok<{ createAssignment: ReviewAssignmentFixture }>(
    http,
    `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id title rubric { id title minScore maxScore } } }`,
    {
      input: {
        moduleId,
        title: unique('Opdracht'),
        dueAt: hoursFromNow(72),
        reviewDueAt: hoursFromNow(240),
        rubric: [
          { title: 'Volledigheid', minScore: 1, maxScore: 5 },
          { title: 'Toepasbaarheid', minScore: 0, maxScore: 10 },
        ],
        ...input,
      },
    },
    adminToken,
  );
  return data.createAssignment;
}

/** Stores a submission row as the submissions feature does; returns its id. */
export async function insertSubmission(
  t: TestApp,
  assignmentId: string,
  authorId: string,
  input: { version?: number; body?: string; submittedAt?: Date; isLate?: boolean } = {},
): Promise<string> {
  const row = await t.dataSource.getRepository(SubmissionEntity).save({
    assignmentId,
    authorId,
    version: input.version ?? 1,
    body: input.body ?? `Uitwerking, versie ${input.version ?? 1}`,
    submittedAt: input.submittedAt ?? new Date(),
    isLate: input.isLate ?? false,
  });
  return row.id;
}

export interface ReviewPairFixture {
  reviewerId: string;
  authorId: string;
  status?: 'ASSIGNED' | 'SUBMITTED' | 'REMOVED';
  /** A chosen peer-review id, e.g. to control the order of ids. */
  id?: string;
}

/**
 * Publishes pairs the way publishPeerReviewPairings stores them: one assignment_pairings row and a
 * peer_reviews row per pair, pinned to the author's latest submission (version 1 is created when
 * the author has none). Returns the peer-review ids in the order of `pairs`.
 */
export async function insertReviewPairs(t: TestApp, assignmentId: string, publishedBy: string, pairs: ReviewPairFixture[]): Promise<string[]> {
  const pairings = t.dataSource.getRepository(AssignmentPairingEntity);
  if (!(await pairings.exists({ where: { assignmentId } }))) {
    await pairings.insert({ assignmentId, version: 1, publishedAt: new Date(), publishedBy, seed: 1 });
  }
  const submissions = t.dataSource.getRepository(SubmissionEntity);
  const ids: string[] = [];
  for (const pair of pairs) {
    const [latest] = await submissions.find({ where: { assignmentId, authorId: pair.authorId }, order: { version: 'DESC' }, take: 1 });
    const submissionId = latest?.id ?? (await insertSubmission(t, assignmentId, pair.authorId));
    // Both sides' affiliation as it is now, stored on the pair the way pairings does.
    const users = t.dataSource.getRepository('UserEntity');
    const reviewer = await users.findOneByOrFail({ id: pair.reviewerId });
    const author = await users.findOneByOrFail({ id: pair.authorId });
    const row = await t.dataSource.getRepository(PeerReviewEntity).save({
      ...(pair.id ? { id: pair.id } : {}),
      assignmentId,
      reviewerId: pair.reviewerId,
      authorId: pair.authorId,
      reviewerMunicipalityCode: reviewer.municipalityCode as string | null,
      reviewerDomainCode: reviewer.businessDomainCode as string | null,
      authorMunicipalityCode: author.municipalityCode as string | null,
      authorDomainCode: author.businessDomainCode as string | null,
      submissionId,
      status: (pair.status ?? 'ASSIGNED') as PeerReviewStatus,
    });
    ids.push(row.id);
  }
  return ids;
}

// ---- Pairings ----

export interface PairingMemberSpec {
  name: string;
  municipalityCode: string;
  businessDomainCode: string;
}

export interface PairingCohortFixture extends CohortFixture {
  coach: PersonFixture;
  /** In the order of the specs. */
  members: PersonFixture[];
}

/** A cohort (createCohort's) with one coach and the given participants, each a real user with a session. */
export async function createPairingCohort(http: App, adminToken: string, specs: PairingMemberSpec[]): Promise<PairingCohortFixture> {
  const cohort = await createCohort(http, adminToken);
  const coach = await createPerson(http, adminToken, { name: unique('Coach') });
  await enrol(http, adminToken, cohort.cohortId, coach.id, 'COACH');
  const members: PersonFixture[] = [];
  for (const spec of specs) {
    const member = await createPerson(http, adminToken, spec);
    await enrol(http, adminToken, cohort.cohortId, member.id, 'PARTICIPANT');
    members.push(member);
  }
  return { ...cohort, coach, members };
}

/** A submission row for the pairing suites (stored directly: they do not depend on the submissions API). */
export async function storePairingSubmission(t: TestApp, assignmentId: string, authorId: string, version = 1): Promise<string> {
  const id = globalThis.crypto.randomUUID();
  await t.dataSource.getRepository('SubmissionEntity').insert({ id, assignmentId, authorId, version, body: 'Mijn uitwerking', submittedAt: new Date(), isLate: false });
  return id;
}
