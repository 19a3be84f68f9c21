import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PasswordService } from '../src/auth/password.service';
import { NotificationEntity, NotificationKind } from '../src/notifications/notification.entity';
import { UserEntity } from '../src/users/user.entity';
import { CohortFixture, createCohort, createPerson, enrol, PASSWORD } from './support/fixtures';
import { inviteUser, InvitedUser, loginSession, uniqueEmail } from './support/matrix-support';
import { ADMIN_EMAIL, ADMIN_PASSWORD, fails, gql, loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * Every root operation the running server serves, called by every kind of caller, against a
 * table of who may do what. An operation that is added to the schema without a row here, or a
 * row whose operation is gone, fails the suite: nothing new ships without a decision.
 */

const ROLES = ['anonymous', 'participant', 'otherParticipant', 'coach', 'otherCoach', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Member = Exclude<Role, 'anonymous'>;
/** NOT_FOUND: the target is someone else's, and the service does not say whether it exists. */
type Outcome = 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_FOUND';
type Expectations = Record<Role, Outcome>;

/** Anyone may call it (the three ways to obtain a session). */
const PUBLIC: Expectations = {
  anonymous: 'allowed',
  participant: 'allowed',
  otherParticipant: 'allowed',
  coach: 'allowed',
  otherCoach: 'allowed',
  admin: 'allowed',
};
/** Any logged-in user; what they get back is scoped by the service. */
const LOGGED_IN: Expectations = { ...PUBLIC, anonymous: 'UNAUTHENTICATED' };
/** Reading the fixture cohort: its participants, its coaches, admins. */
const COHORT_READERS: Expectations = { ...LOGGED_IN, otherParticipant: 'FORBIDDEN', otherCoach: 'FORBIDDEN' };
/** Changing the fixture cohort: its coaches and admins. */
const COHORT_MANAGERS: Expectations = { ...COHORT_READERS, participant: 'FORBIDDEN' };
const ADMIN_ONLY: Expectations = { ...COHORT_MANAGERS, coach: 'FORBIDDEN' };
/** Handing in work: only a participant of the cohort (its coaches and admins have nothing to hand in). */
const COHORT_PARTICIPANTS: Expectations = { ...COHORT_READERS, coach: 'FORBIDDEN', admin: 'FORBIDDEN' };
/**
 * Something of `participant`'s own (a review task, a received review, a notification): for
 * everyone else, admins included, it does not exist.
 */
const OWNER_ONLY: Expectations = {
  anonymous: 'UNAUTHENTICATED',
  participant: 'allowed',
  otherParticipant: 'NOT_FOUND',
  coach: 'NOT_FOUND',
  otherCoach: 'NOT_FOUND',
  admin: 'NOT_FOUND',
};

interface Person {
  id: string;
  email: string;
  password: string;
  token: string;
}

interface World {
  t: TestApp;
  adminToken: string;
  /** ACTIVE, with one module and one assignment; `participant`, `peer` and `coach` are in it. */
  cohort: CohortFixture;
  /** Where `otherParticipant` and `otherCoach` are. */
  otherCohort: CohortFixture;
  people: Record<Member, Person>;
  /** A second participant of the cohort, whose profile the others look at. */
  peer: Person;
  /** `participant`'s submission (version 1) of the cohort's assignment. */
  submissionId: string;
  /**
   * A cohort of its own for peer review (created with `createCohort`'s 2027 dates): `participant`,
   * `peer`, `coach` and three more participants, each from another municipality. Nobody else
   * takes part, so the matching engine's choices stay predictable.
   */
  workflow: { cohortId: string; moduleId: string; extras: Person[] };
  /** An assignment of the workflow cohort that everyone handed in, not published. */
  unpublishedAssignmentId: string;
  /**
   * A published assignment of the workflow cohort (reviews released at once) in which
   * `participant` reviews `peer` (`taskId`) and `peer` reviews `participant`, and `peer`'s review
   * is submitted (`receivedId`).
   */
  reviewed: Published & { taskId: string; receivedId: string };
}

interface Published {
  assignmentId: string;
  criterionIds: string[];
  version: number;
  pairs: { id: string; reviewer: { userId: string }; author: { userId: string } }[];
}

interface Call {
  query: string;
  variables?: Record<string, unknown>;
  /** Runs after the call whatever its outcome, e.g. to put a changed password back. */
  cleanup?: () => Promise<void>;
}

interface Entry {
  type: 'Query' | 'Mutation';
  expected: Expectations;
  /** A valid call against the fixtures; state-destroying calls build fresh targets every time. */
  build(w: World, role: Role): Promise<Call>;
}

/** The person whose credentials a call uses; anonymous callers use the peer's. */
const personOf = (w: World, role: Role): Person => (role === 'anonymous' ? w.peer : w.people[role]);

const MODULE_WINDOW = { opensAt: '2027-04-01T00:00:00Z', closesAt: '2027-05-31T00:00:00Z' };
const ASSIGNMENT_INPUT = {
  title: 'Gegevenslandschap in kaart',
  dueAt: '2027-02-20T17:00:00Z',
  reviewDueAt: '2027-02-27T17:00:00Z',
  rubric: [
    { title: 'Volledigheid', minScore: 1, maxScore: 5 },
    { title: 'Onderbouwing', minScore: 1, maxScore: 5 },
  ],
};

async function freshUser(w: World, enrolAs?: 'PARTICIPANT' | 'COACH'): Promise<InvitedUser> {
  const user = await inviteUser(w.t.http, w.adminToken);
  if (enrolAs) await enrol(w.t.http, w.adminToken, w.cohort.cohortId, user.id, enrolAs);
  return user;
}

async function freshModule(w: World): Promise<string> {
  const data = await ok<{ createCourseModule: { id: string } }>(
    w.t.http,
    `mutation ($input: CreateCourseModuleInput!) { createCourseModule(input: $input) { id } }`,
    { input: { cohortId: w.cohort.cohortId, title: 'Berichtenbox en MijnOverheid', ...MODULE_WINDOW } },
    w.adminToken,
  );
  return data.createCourseModule.id;
}

async function freshAssignment(w: World): Promise<string> {
  const data = await ok<{ createAssignment: { id: string } }>(
    w.t.http,
    `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id } }`,
    { input: { moduleId: w.cohort.moduleId, ...ASSIGNMENT_INPUT } },
    w.adminToken,
  );
  return data.createAssignment.id;
}

/** A cohort of its own, with the matrix's participant and coach in it, so a refusal means something. */
async function freshCohort(w: World): Promise<string> {
  const { cohortId } = await createCohort(w.t.http, w.adminToken);
  await enrol(w.t.http, w.adminToken, cohortId, w.people.participant.id, 'PARTICIPANT');
  await enrol(w.t.http, w.adminToken, cohortId, w.people.coach.id, 'COACH');
  return cohortId;
}

const SUBMIT = `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { id version } }`;

async function submitAs(w: World, token: string, assignmentId: string, body = 'Mijn uitwerking van de opdracht'): Promise<string> {
  const data = await ok<{ submitAssignment: { id: string } }>(w.t.http, SUBMIT, { input: { assignmentId, body } }, token);
  return data.submitAssignment.id;
}

/** An assignment of the workflow cohort: one review per submission, reviews shown at once. */
async function workflowAssignment(w: World): Promise<{ id: string; criterionIds: string[] }> {
  const data = await ok<{ createAssignment: { id: string; rubric: { id: string }[] } }>(
    w.t.http,
    `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id rubric { id } } }`,
    { input: { moduleId: w.workflow.moduleId, ...ASSIGNMENT_INPUT, reviewsPerSubmission: 1, releaseReviewsImmediately: true } },
    w.adminToken,
  );
  return { id: data.createAssignment.id, criterionIds: data.createAssignment.rubric.map((criterion) => criterion.id) };
}

/** The workflow cohort's participants: `participant`, `peer` and the extras. */
const workflowParticipants = (w: World): Person[] => [w.people.participant, w.peer, ...w.workflow.extras];

/** A fresh workflow assignment that the given people (default: everyone) handed in. */
async function handedIn(w: World, authors = workflowParticipants(w)): Promise<{ id: string; criterionIds: string[] }> {
  const assignment = await workflowAssignment(w);
  for (const author of authors) await submitAs(w, author.token, assignment.id);
  return assignment;
}

const PAIR_ARGS = `$assignmentId: ID!, $reviewerId: ID!, $authorId: ID!`;
const PAIR_VALUES = `assignmentId: $assignmentId, reviewerId: $reviewerId, authorId: $authorId`;
const PAIRING_FIELDS = `assignmentId version pairs { id reviewer { userId } author { userId } }`;

/**
 * A fresh workflow assignment, handed in by `authors` (default: everyone) and published by the
 * admin; unless `pin` is false, with the pairs `participant` -> `peer` and `peer` -> `participant` pinned.
 */
async function published(w: World, pin = true, authors = workflowParticipants(w)): Promise<Published> {
  const assignment = await handedIn(w, authors);
  const pins = pin
    ? [
        [w.people.participant, w.peer],
        [w.peer, w.people.participant],
      ]
    : [];
  for (const [reviewer, author] of pins) {
    await ok(
      w.t.http,
      `mutation (${PAIR_ARGS}) { pinPeerReviewPair(${PAIR_VALUES}) { id } }`,
      { assignmentId: assignment.id, reviewerId: reviewer.id, authorId: author.id },
      w.adminToken,
    );
  }
  const data = await ok<{ publishPeerReviewPairings: Omit<Published, 'criterionIds'> }>(
    w.t.http,
    `mutation ($assignmentId: ID!) { publishPeerReviewPairings(assignmentId: $assignmentId) { ${PAIRING_FIELDS} } }`,
    { assignmentId: assignment.id },
    w.adminToken,
  );
  return { ...data.publishPeerReviewPairings, criterionIds: assignment.criterionIds };
}

/** The id of the published pair reviewer -> author. */
function pairOf(pairing: Published, reviewer: Person, author: Person): string {
  const pair = pairing.pairs.find((candidate) => candidate.reviewer.userId === reviewer.id && candidate.author.userId === author.id);
  if (!pair) throw new Error(`No pair ${reviewer.email} -> ${author.email} in ${JSON.stringify(pairing.pairs)}`);
  return pair.id;
}

const SUBMIT_REVIEW = `mutation ($input: SubmitReviewInput!) { submitReview(input: $input) { id status submittedAt editable } }`;

function reviewInput(pairing: Published, peerReviewId: string, comment: string) {
  return { input: { peerReviewId, comment, scores: pairing.criterionIds.map((criterionId) => ({ criterionId, score: 4 })) } };
}

/** A stored notification of `participant` (nothing in the API creates one on its own). */
async function participantNotification(w: World): Promise<string> {
  const row = await w.t.dataSource.getRepository(NotificationEntity).save({
    userId: w.people.participant.id,
    kind: NotificationKind.REVIEW_RECEIVED,
    key: `review-received:${randomUUID()}`,
    message: 'Your work received a review on “Gegevenslandschap in kaart”.',
    assignmentId: w.reviewed.assignmentId,
    readAt: null,
  });
  return row.id;
}

const OPERATIONS: Record<string, Entry> = {
  // ----- Queries -----
  assignment: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({ query: `query ($id: ID!) { assignment(id: $id) { id title rubric { title } } }`, variables: { id: w.cohort.assignmentId } }),
  },
  assignmentReviews: {
    type: 'Query',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { assignmentReviews(assignmentId: $assignmentId) { id status reviewer { name } author { name } scores { score } } }`,
      variables: { assignmentId: w.reviewed.assignmentId },
    }),
  },
  assignments: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({
      query: `query ($cohortId: ID!) { assignments(cohortId: $cohortId, first: 10) { totalCount edges { node { id } } } }`,
      variables: { cohortId: w.cohort.cohortId },
    }),
  },
  businessDomain: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ businessDomain(code: "IA") { code nameNl } }` }),
  },
  businessDomains: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ businessDomains(first: 5) { totalCount edges { node { code } } } }` }),
  },
  cohort: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({ query: `query ($id: ID!) { cohort(id: $id) { id name modules { id } } }`, variables: { id: w.cohort.cohortId } }),
  },
  cohortComparison: {
    type: 'Query',
    expected: ADMIN_ONLY,
    build: async (w) => ({
      query: `query ($cohortIds: [ID!]!) { cohortComparison(cohortIds: $cohortIds) { cohortId cohortName totals { __typename } } }`,
      variables: { cohortIds: [w.cohort.cohortId, w.workflow.cohortId] },
    }),
  },
  cohortReport: {
    type: 'Query',
    // Names show whatever the anonymity, so not for participants.
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `query ($cohortId: ID!) { cohortReport(cohortId: $cohortId) { cohortId cohortName generatedAt } }`,
      variables: { cohortId: w.workflow.cohortId },
    }),
  },
  cohorts: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ cohorts(first: 50) { totalCount edges { node { id } } } }` }),
  },
  courseModule: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({ query: `query ($id: ID!) { courseModule(id: $id) { id title } }`, variables: { id: w.cohort.moduleId } }),
  },
  courseModules: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({
      query: `query ($cohortId: ID!) { courseModules(cohortId: $cohortId, first: 10) { totalCount edges { node { id } } } }`,
      variables: { cohortId: w.cohort.cohortId },
    }),
  },
  enrollments: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({
      query: `query ($cohortId: ID!) { enrollments(cohortId: $cohortId, first: 50) { totalCount edges { node { id user { name } } } } }`,
      variables: { cohortId: w.cohort.cohortId },
    }),
  },
  me: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ me { id email role active } }` }),
  },
  municipalities: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ municipalities(search: "Utrecht", first: 5) { totalCount edges { node { code } } } }` }),
  },
  municipality: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ municipality(code: "GM0363") { code name } }` }),
  },
  myNotifications: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ myNotifications { id kind message readAt } }` }),
  },
  myReceivedReviews: {
    type: 'Query',
    // Coaches and admins may ask too: they have nothing handed in, so they get an empty list.
    expected: COHORT_READERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { myReceivedReviews(assignmentId: $assignmentId) { released reviews { id comment scores { score } reviewer { hidden } } } }`,
      variables: { assignmentId: w.reviewed.assignmentId },
    }),
  },
  myReviewTasks: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ myReviewTasks { id status editable submission { version } author { hidden } } }` }),
  },
  mySubmissions: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { mySubmissions(assignmentId: $assignmentId) { id version isCurrent } }`,
      variables: { assignmentId: w.cohort.assignmentId },
    }),
  },
  pairingAuditLog: {
    type: 'Query',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { pairingAuditLog(assignmentId: $assignmentId) { action at actor { name } } }`,
      variables: { assignmentId: w.reviewed.assignmentId },
    }),
  },
  peerReviewPairs: {
    type: 'Query',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { peerReviewPairs(assignmentId: $assignmentId) { id status reviewer { name } author { name } explanation { cost } } }`,
      variables: { assignmentId: w.reviewed.assignmentId },
    }),
  },
  previewPeerReviewPairings: {
    type: 'Query',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { previewPeerReviewPairings(assignmentId: $assignmentId) { status pairs { reviewer { userId } author { userId } } } }`,
      variables: { assignmentId: w.unpublishedAssignmentId },
    }),
  },
  publishedPeerReviewPairing: {
    type: 'Query',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { publishedPeerReviewPairing(assignmentId: $assignmentId) { version pairs { id } } }`,
      variables: { assignmentId: w.reviewed.assignmentId },
    }),
  },
  submission: {
    type: 'Query',
    // `participant` is its author; a same-cohort outsider is checked under 'submissions' below.
    expected: COHORT_READERS,
    build: async (w) => ({
      query: `query ($id: ID!) { submission(id: $id) { id version body author { hidden name } feedback { body } } }`,
      variables: { id: w.submissionId },
    }),
  },
  submissions: {
    type: 'Query',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `query ($assignmentId: ID!) { submissions(assignmentId: $assignmentId, first: 10) { totalCount edges { node { id } } } }`,
      variables: { assignmentId: w.cohort.assignmentId },
    }),
  },
  user: {
    type: 'Query',
    expected: COHORT_READERS,
    build: async (w) => ({ query: `query ($id: ID!) { user(id: $id) { id name } }`, variables: { id: w.peer.id } }),
  },
  users: {
    type: 'Query',
    expected: ADMIN_ONLY,
    build: async () => ({ query: `{ users(first: 5) { totalCount edges { node { id } } } }` }),
  },

  // ----- Mutations -----
  addSubmissionFeedback: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w, role) => ({
      query: `mutation ($submissionId: ID!, $body: String!) { addSubmissionFeedback(submissionId: $submissionId, body: $body) { id body coach { name } } }`,
      variables: { submissionId: w.submissionId, body: `Goed onderbouwd (${role})` },
    }),
  },
  applyPeerReviewRepair: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => {
      // Someone hands in after publication: the repair finds them a reviewer.
      const [late, ...authors] = workflowParticipants(w).reverse();
      const pairing = await published(w, true, authors);
      await submitAs(w, late.token, pairing.assignmentId);
      return {
        query: `mutation ($assignmentId: ID!, $expectedVersion: Int!) { applyPeerReviewRepair(assignmentId: $assignmentId, expectedVersion: $expectedVersion) { version pairs { id } } }`,
        variables: { assignmentId: pairing.assignmentId, expectedVersion: pairing.version },
      };
    },
  },
  archiveAssignment: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({ query: `mutation ($id: ID!) { archiveAssignment(id: $id) { id archivedAt } }`, variables: { id: await freshAssignment(w) } }),
  },
  archiveCohort: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async (w) => ({ query: `mutation ($id: ID!) { archiveCohort(id: $id) { id archivedAt } }`, variables: { id: await freshCohort(w) } }),
  },
  archiveCourseModule: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({ query: `mutation ($id: ID!) { archiveCourseModule(id: $id) { id archivedAt } }`, variables: { id: await freshModule(w) } }),
  },
  changeMyPassword: {
    type: 'Mutation',
    expected: LOGGED_IN,
    build: async (w, role) => {
      const person = personOf(w, role);
      return {
        query: `mutation ($current: String!, $next: String!) { changeMyPassword(currentPassword: $current, newPassword: $next) }`,
        variables: { current: person.password, next: 'a different passphrase 77' },
        // Put the old password back, so other tests can still log in as this person.
        cleanup: async () => {
          const passwordHash = await w.t.app.get(PasswordService).hash(person.password);
          await w.t.dataSource.getRepository(UserEntity).update({ id: person.id }, { passwordHash });
        },
      };
    },
  },
  clearPeerReviewPairConstraint: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => {
      const assignment = await handedIn(w, [w.people.participant, w.peer]);
      const variables = { assignmentId: assignment.id, reviewerId: w.people.participant.id, authorId: w.peer.id };
      await ok(w.t.http, `mutation (${PAIR_ARGS}) { pinPeerReviewPair(${PAIR_VALUES}) { id } }`, variables, w.adminToken);
      return { query: `mutation (${PAIR_ARGS}) { clearPeerReviewPairConstraint(${PAIR_VALUES}) }`, variables };
    },
  },
  createAssignment: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id } }`,
      variables: { input: { moduleId: w.cohort.moduleId, ...ASSIGNMENT_INPUT } },
    }),
  },
  createCohort: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async (_w, role) => ({
      query: `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }`,
      variables: { input: { name: `Najaar 2027 (${role}, ${randomUUID().slice(0, 8)})`, startDate: '2027-09-01', endDate: '2028-06-30' } },
    }),
  },
  createCourseModule: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation ($input: CreateCourseModuleInput!) { createCourseModule(input: $input) { id } }`,
      variables: { input: { cohortId: w.cohort.cohortId, title: 'Informatieveiligheid', ...MODULE_WINDOW } },
    }),
  },
  createUser: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async () => ({
      query: `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } invitation { expiresAt } } }`,
      variables: { input: { name: 'Nieuwe Deelnemer', email: uniqueEmail('new'), municipalityCode: 'GM0014', businessDomainCode: 'BZ' } },
    }),
  },
  eraseUser: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async (w) => {
      const target = await freshUser(w, 'PARTICIPANT');
      return {
        query: `mutation ($id: ID!, $email: String!) { eraseUser(userId: $id, confirmEmail: $email) }`,
        variables: { id: target.id, email: target.email },
      };
    },
  },
  exportMyData: {
    type: 'Query',
    expected: LOGGED_IN,
    build: async () => ({ query: `{ exportMyData { generatedAt json } }` }),
  },
  purgeExpiredSubmissions: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async () => ({ query: `mutation { purgeExpiredSubmissions }` }),
  },
  deactivateUser: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async (w) => ({
      query: `mutation ($id: ID!) { deactivateUser(id: $id) { id active } }`,
      variables: { id: (await freshUser(w, 'PARTICIPANT')).id },
    }),
  },
  enrollUser: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { id role } }`,
      variables: { input: { cohortId: w.cohort.cohortId, userId: (await freshUser(w)).id, role: 'PARTICIPANT' } },
    }),
  },
  forbidPeerReviewPair: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation (${PAIR_ARGS}) { forbidPeerReviewPair(${PAIR_VALUES}) { id kind } }`,
      variables: { assignmentId: (await handedIn(w, [w.people.participant, w.peer])).id, reviewerId: w.people.participant.id, authorId: w.peer.id },
    }),
  },
  importEnrollments: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation ($cohortId: ID!, $csv: String!) { importEnrollments(cohortId: $cohortId, csv: $csv) { enrolled createdUsers } }`,
      variables: {
        cohortId: w.cohort.cohortId,
        csv: `name,email,municipality_code,domain_code,role\nIngrid Postma,${uniqueEmail('import')},GM0080,SD,PARTICIPANT\n`,
      },
    }),
  },
  issuePasswordReset: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async (w) => ({
      query: `mutation ($userId: ID!) { issuePasswordReset(userId: $userId) { expiresAt } }`,
      variables: { userId: (await freshUser(w, 'PARTICIPANT')).id },
    }),
  },
  login: {
    type: 'Mutation',
    expected: PUBLIC,
    build: async (w, role) => {
      const person = personOf(w, role);
      return {
        query: `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken user { id email } } }`,
        variables: { email: person.email, password: person.password },
      };
    },
  },
  logout: {
    type: 'Mutation',
    expected: LOGGED_IN,
    build: async (w, role) => {
      // A session of the caller's own (anonymous: someone else's, which must not help).
      const person = personOf(w, role);
      const { refreshToken } = await loginSession(w.t.http, person.email, person.password);
      return { query: `mutation ($refreshToken: String!) { logout(refreshToken: $refreshToken) }`, variables: { refreshToken } };
    },
  },
  markAllNotificationsRead: {
    type: 'Mutation',
    expected: LOGGED_IN,
    build: async () => ({ query: `mutation { markAllNotificationsRead }` }),
  },
  markNotificationRead: {
    type: 'Mutation',
    expected: OWNER_ONLY,
    build: async (w) => ({
      query: `mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt } }`,
      variables: { id: await participantNotification(w) },
    }),
  },
  pinPeerReviewPair: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation (${PAIR_ARGS}) { pinPeerReviewPair(${PAIR_VALUES}) { id kind } }`,
      variables: { assignmentId: (await handedIn(w, [w.people.participant, w.peer])).id, reviewerId: w.people.participant.id, authorId: w.peer.id },
    }),
  },
  publishPeerReviewPairings: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation ($assignmentId: ID!) { publishPeerReviewPairings(assignmentId: $assignmentId) { ${PAIRING_FIELDS} } }`,
      variables: { assignmentId: (await handedIn(w)).id },
    }),
  },
  rateReview: {
    type: 'Mutation',
    // Only the author of the reviewed work, once the reviews are released.
    expected: OWNER_ONLY,
    build: async (w, role) => ({
      query: `mutation ($peerReviewId: ID!, $comment: String) { rateReview(peerReviewId: $peerReviewId, helpfulness: 4, comment: $comment) { id helpfulness } }`,
      variables: { peerReviewId: w.reviewed.receivedId, comment: `Bruikbaar (${role})` },
    }),
  },
  reactivateUser: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async (w) => {
      const user = await freshUser(w, 'PARTICIPANT');
      await ok(w.t.http, `mutation ($id: ID!) { deactivateUser(id: $id) { id } }`, { id: user.id }, w.adminToken);
      return { query: `mutation ($id: ID!) { reactivateUser(id: $id) { id active } }`, variables: { id: user.id } };
    },
  },
  refreshToken: {
    type: 'Mutation',
    expected: PUBLIC,
    build: async (w, role) => {
      const person = personOf(w, role);
      const { refreshToken } = await loginSession(w.t.http, person.email, person.password);
      return { query: `mutation ($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken } }`, variables: { refreshToken } };
    },
  },
  removePeerReviewPair: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => {
      const pairing = await published(w);
      return {
        query: `mutation ($pairId: ID!, $expectedVersion: Int!) { removePeerReviewPair(pairId: $pairId, expectedVersion: $expectedVersion) { version pairs { id } } }`,
        variables: { pairId: pairOf(pairing, w.people.participant, w.peer), expectedVersion: pairing.version },
      };
    },
  },
  setPasswordWithToken: {
    type: 'Mutation',
    expected: PUBLIC,
    build: async (w) => ({
      query: `mutation ($token: String!, $password: String!) { setPasswordWithToken(token: $token, newPassword: $password) { accessToken } }`,
      variables: { token: (await freshUser(w)).invitation, password: PASSWORD },
    }),
  },
  submitAssignment: {
    type: 'Mutation',
    expected: COHORT_PARTICIPANTS,
    build: async (w, role) => ({ query: SUBMIT, variables: { input: { assignmentId: w.cohort.assignmentId, body: `Nieuwe versie (${role})` } } }),
  },
  submitReview: {
    type: 'Mutation',
    // Only the assigned reviewer; the service answers NOT_FOUND to anyone else, so ids leak nothing.
    expected: OWNER_ONLY,
    build: async (w, role) => ({ query: SUBMIT_REVIEW, variables: reviewInput(w.reviewed, w.reviewed.taskId, `Heldere analyse (${role})`) }),
  },
  swapPeerReviewers: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => {
      // Pinned pairs cannot be swapped away, so the engine decides every pair here. Everyone is from
      // another municipality: any two pairs without a shared person swap without breaking a rule
      // (one review per submission makes the pairs cycles, so two such pairs always exist).
      const pairing = await published(w, false);
      const [a, b] = pairing.pairs.flatMap((first) =>
        pairing.pairs
          .filter((second) => ![second.reviewer.userId, second.author.userId].some((id) => [first.reviewer.userId, first.author.userId].includes(id)))
          .map((second) => [first.id, second.id]),
      )[0] ?? [];
      if (!a || !b) throw new Error(`No two separate pairs in ${JSON.stringify(pairing.pairs)}`);
      return {
        query: `mutation ($pairA: ID!, $pairB: ID!, $expectedVersion: Int!) { swapPeerReviewers(pairA: $pairA, pairB: $pairB, expectedVersion: $expectedVersion) { version pairs { id } } }`,
        variables: { pairA: a, pairB: b, expectedVersion: pairing.version },
      };
    },
  },
  unenrollUser: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w) => ({
      query: `mutation ($cohortId: ID!, $userId: ID!) { unenrollUser(cohortId: $cohortId, userId: $userId) }`,
      variables: { cohortId: w.cohort.cohortId, userId: (await freshUser(w, 'PARTICIPANT')).id },
    }),
  },
  updateAssignment: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w, role) => ({
      query: `mutation ($id: ID!, $input: UpdateAssignmentInput!) { updateAssignment(id: $id, input: $input) { id instructions } }`,
      variables: { id: w.cohort.assignmentId, input: { instructions: `Bijgewerkt door ${role}` } },
    }),
  },
  updateCohort: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w, role) => ({
      query: `mutation ($id: ID!, $input: UpdateCohortInput!) { updateCohort(id: $id, input: $input) { id description } }`,
      variables: { id: w.cohort.cohortId, input: { description: `Bijgewerkt door ${role}` } },
    }),
  },
  updateCourseModule: {
    type: 'Mutation',
    expected: COHORT_MANAGERS,
    build: async (w, role) => ({
      query: `mutation ($id: ID!, $input: UpdateCourseModuleInput!) { updateCourseModule(id: $id, input: $input) { id description } }`,
      variables: { id: w.cohort.moduleId, input: { description: `Bijgewerkt door ${role}` } },
    }),
  },
  updateUser: {
    type: 'Mutation',
    expected: ADMIN_ONLY,
    build: async (w, role) => ({
      query: `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id jobTitle } }`,
      variables: { id: w.peer.id, input: { jobTitle: `Informatiemanager (${role})` } },
    }),
  },
};

/** The call must name exactly the operation of its table row, unaliased, so a typo cannot test something else. */
function assertCallsOperation(name: string, entry: Entry, query: string): void {
  const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  expect(operations).toHaveLength(1);
  expect(operations[0].operation).toBe(entry.type === 'Query' ? 'query' : 'mutation');
  const fields = operations[0].selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? `${s.alias?.value ?? ''}:${s.name.value}` : s.kind));
  expect(fields).toEqual([`:${name}`]);
}

describe('authorization matrix', () => {
  let w: World;

  beforeAll(async () => {
    const t = await startTestApp();
    const adminToken = await loginAdmin(t.http);
    const cohort = await createCohort(t.http, adminToken);
    const otherCohort = await createCohort(t.http, adminToken);
    const person = async (name: string, municipalityCode: string, cohortId: string, role: 'PARTICIPANT' | 'COACH'): Promise<Person> => {
      const created = await createPerson(t.http, adminToken, { name, municipalityCode, businessDomainCode: 'IA' });
      await enrol(t.http, adminToken, cohortId, created.id, role);
      return { ...created, password: PASSWORD };
    };
    const me = await ok<{ me: { id: string } }>(t.http, `{ me { id } }`, {}, adminToken);
    w = {
      t,
      adminToken,
      cohort,
      otherCohort,
      people: {
        participant: await person('Sanne de Vries', 'GM0363', cohort.cohortId, 'PARTICIPANT'),
        coach: await person('Marleen Bosman', 'GM0344', cohort.cohortId, 'COACH'),
        otherParticipant: await person('Joost Hendriks', 'GM0599', otherCohort.cohortId, 'PARTICIPANT'),
        otherCoach: await person('Ruud Kuipers', 'GM0772', otherCohort.cohortId, 'COACH'),
        admin: { id: me.me.id, email: ADMIN_EMAIL, password: ADMIN_PASSWORD, token: adminToken },
      },
      peer: await person('Fatima El Amrani', 'GM0599', cohort.cohortId, 'PARTICIPANT'),
      submissionId: '',
      workflow: { cohortId: '', moduleId: '', extras: [] },
      unpublishedAssignmentId: '',
      reviewed: { assignmentId: '', criterionIds: [], version: 0, pairs: [], taskId: '', receivedId: '' },
    };
    w.submissionId = await submitAs(w, w.people.participant.token, cohort.assignmentId);

    const workflow = await createCohort(t.http, adminToken);
    await enrol(t.http, adminToken, workflow.cohortId, w.people.participant.id, 'PARTICIPANT');
    await enrol(t.http, adminToken, workflow.cohortId, w.peer.id, 'PARTICIPANT');
    await enrol(t.http, adminToken, workflow.cohortId, w.people.coach.id, 'COACH');
    w.workflow = {
      cohortId: workflow.cohortId,
      moduleId: workflow.moduleId,
      extras: [
        await person('Lotte Mulder', 'GM0014', workflow.cohortId, 'PARTICIPANT'),
        await person('Bram de Jong', 'GM0080', workflow.cohortId, 'PARTICIPANT'),
        await person('Noor Smit', 'GM0344', workflow.cohortId, 'PARTICIPANT'),
      ],
    };
    w.unpublishedAssignmentId = (await handedIn(w)).id;
    const reviewed = await published(w);
    const receivedId = pairOf(reviewed, w.peer, w.people.participant);
    await ok(t.http, SUBMIT_REVIEW, reviewInput(reviewed, receivedId, 'Sterk verhaal, onderbouw de keuzes nog wat meer.'), w.peer.token);
    w.reviewed = { ...reviewed, taskId: pairOf(reviewed, w.people.participant, w.peer), receivedId };
  });
  afterAll(() => w?.t.close());

  const tokenOf = (role: Role): string | undefined => (role === 'anonymous' ? undefined : w.people[role].token);

  it('has a row for every root operation the server serves, and none for operations it lacks', () => {
    const schema = w.t.app.get(GraphQLSchemaHost).schema;
    const served = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
    );
    const tabled = Object.entries(OPERATIONS).map(([name, entry]) => `${entry.type}.${name}`);
    expect({ withoutRow: served.filter((op) => !tabled.includes(op)).sort() }).toEqual({ withoutRow: [] });
    expect({ notServed: tabled.filter((op) => !served.includes(op)).sort() }).toEqual({ notServed: [] });
  });

  it('lets anonymous callers reach only login, refreshToken and setPasswordWithToken', () => {
    const open = Object.entries(OPERATIONS).filter(([, entry]) => entry.expected.anonymous !== 'UNAUTHENTICATED');
    expect(open.map(([name]) => name).sort()).toEqual(['login', 'refreshToken', 'setPasswordWithToken']);
  });

  it('serves GET /health to anonymous callers', async () => {
    const response = await request(w.t.http).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  describe.each(Object.entries(OPERATIONS))('%s', (name, entry) => {
    it.each(ROLES.map((role) => [role, entry.expected[role]] as const))('as %s: %s', async (role, outcome) => {
      const call = await entry.build(w, role);
      assertCallsOperation(name, entry, call.query);
      // A refused mutation must not have written anything.
      const before = entry.type === 'Mutation' && outcome !== 'allowed' ? await snapshotDatabase(w.t.dataSource) : undefined;
      try {
        const response = await gql(w.t.http, call.query, call.variables ?? {}, tokenOf(role));
        if (outcome === 'allowed') {
          expect(response.errors ?? []).toEqual([]);
          expect(response.data?.[name]).toBeDefined();
          expect(response.data?.[name]).not.toBeNull();
        } else {
          expect((response.errors ?? []).map((error) => error.extensions.code)).toEqual([outcome]);
          expect(response.data?.[name] ?? null).toBeNull();
          if (before !== undefined) expect(await snapshotDatabase(w.t.dataSource)).toBe(before);
        }
      } finally {
        await call.cleanup?.();
      }
    });
  });

  it('checks access inside the mutation’s transaction, so many at once cannot starve the connection pool', async () => {
    // Before the policy joined the transaction, each PostgreSQL mutation held one pooled
    // connection and waited for a second one for the access check: 100 at once hung for good.
    const update = `mutation ($id: ID!, $input: UpdateCourseModuleInput!) { updateCourseModule(id: $id, input: $input) { id } }`;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        gql(w.t.http, update, { id: w.cohort.moduleId, input: { description: `Gelijktijdig ${i}` } }, tokenOf('coach')),
      ),
    );
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
  }, 20000);

  describe('peer review, beyond the six roles', () => {
    const SUBMISSION = `query ($id: ID!) { submission(id: $id) { id version body feedback { body } } }`;
    const codeOf = async (query: string, variables: Record<string, unknown>, token: string) =>
      (await fails(w.t.http, query, variables, token)).extensions.code;
    const currentSubmission = async (author: Person, assignmentId: string): Promise<string> =>
      (await ok<{ mySubmissions: { id: string }[] }>(w.t.http, `query ($a: ID!) { mySubmissions(assignmentId: $a) { id } }`, { a: assignmentId }, author.token))
        .mySubmissions[0].id;

    it('shows a submission to its paired reviewer, without the coach feedback, and to no other participant', async () => {
      const submissionId = await currentSubmission(w.people.participant, w.reviewed.assignmentId);
      await ok(w.t.http, `mutation ($id: ID!) { addSubmissionFeedback(submissionId: $id, body: "Alleen voor de auteur") { id } }`, { id: submissionId }, w.people.coach.token);
      const seen = await ok<{ submission: { feedback: unknown[] } }>(w.t.http, SUBMISSION, { id: submissionId }, w.peer.token);
      expect(seen.submission.feedback).toEqual([]);
      const reviewers = w.reviewed.pairs.filter((pair) => pair.author.userId === w.people.participant.id).map((pair) => pair.reviewer.userId);
      const outsider = w.workflow.extras.find((extra) => !reviewers.includes(extra.id))!;
      expect(await codeOf(SUBMISSION, { id: submissionId }, outsider.token)).toBe('FORBIDDEN');
    });

    it('lets neither the reviewer rate their own review nor the author write the review of their own work', async () => {
      expect(await codeOf(`mutation ($id: ID!) { rateReview(peerReviewId: $id, helpfulness: 5) { id } }`, { id: w.reviewed.receivedId }, w.peer.token)).toBe('NOT_FOUND');
      expect(await codeOf(SUBMIT_REVIEW, reviewInput(w.reviewed, w.reviewed.receivedId, 'Zelf geschreven'), w.people.participant.token)).toBe('NOT_FOUND');
    });

    it('takes the task and the submission away from a reviewer whose pair is removed', async () => {
      const pairing = await published(w);
      const taskId = pairOf(pairing, w.people.participant, w.peer);
      const submissionId = await currentSubmission(w.peer, pairing.assignmentId);
      await ok(w.t.http, SUBMISSION, { id: submissionId }, w.people.participant.token);
      await ok(
        w.t.http,
        `mutation ($id: ID!, $v: Int!) { removePeerReviewPair(pairId: $id, expectedVersion: $v) { version } }`,
        { id: taskId, v: pairing.version },
        w.people.coach.token,
      );
      expect(await codeOf(SUBMIT_REVIEW, reviewInput(pairing, taskId, 'Te laat'), w.people.participant.token)).toBe('NOT_FOUND');
      expect(await codeOf(SUBMISSION, { id: submissionId }, w.people.participant.token)).toBe('FORBIDDEN');
      const tasks = await ok<{ myReviewTasks: { id: string }[] }>(w.t.http, `{ myReviewTasks { id } }`, {}, w.people.participant.token);
      expect(tasks.myReviewTasks.map((task) => task.id)).not.toContain(taskId);
    });
  });

  describe('nested fields', () => {
    const ENROLLMENTS = `query ($cohortId: ID!) {
      enrollments(cohortId: $cohortId, first: 100) {
        edges { node { role user { id name email role active municipality { code } businessDomain { code } } } }
      }
    }`;
    interface EnrolledUser {
      id: string;
      name: string;
      email: string | null;
      role: string | null;
      active: boolean | null;
      municipality: { code: string } | null;
      businessDomain: { code: string } | null;
    }
    const usersSeenBy = async (role: Member): Promise<EnrolledUser[]> => {
      const data = await ok<{ enrollments: { edges: { node: { user: EnrolledUser } }[] } }>(
        w.t.http,
        ENROLLMENTS,
        { cohortId: w.cohort.cohortId },
        tokenOf(role),
      );
      return data.enrollments.edges.map((edge) => edge.node.user);
    };
    const cohortMembers = () => [w.people.participant, w.people.coach, w.peer];

    it('shows a participant the profiles of the other members, but not their e-mail, role or status', async () => {
      const seen = await usersSeenBy('participant');
      // Other rows in the matrix enrol more people; these three are there from the start.
      expect(seen.map((user) => user.id)).toEqual(expect.arrayContaining(cohortMembers().map((person) => person.id)));
      for (const user of seen) {
        expect(user.name).toEqual(expect.any(String));
        expect(user.municipality?.code).toMatch(/^GM\d{4}$/);
        expect(user.businessDomain?.code).toEqual(expect.any(String));
        if (user.id === w.people.participant.id) {
          expect(user).toMatchObject({ email: w.people.participant.email, role: 'USER', active: true });
        } else {
          expect(user).toMatchObject({ email: null, role: null, active: null });
        }
      }
      expect(seen.find((user) => user.id === w.peer.id)).toMatchObject({ name: 'Fatima El Amrani', municipality: { code: 'GM0599' } });
    });

    it('shows a coach the e-mail addresses of the cohort, but not role or status of others', async () => {
      const seen = await usersSeenBy('coach');
      for (const person of cohortMembers()) {
        const user = seen.find((candidate) => candidate.id === person.id);
        expect(user?.email).toBe(person.email);
        if (person !== w.people.coach) expect(user).toMatchObject({ role: null, active: null });
      }
    });

    it('shows an admin everything', async () => {
      const seen = await usersSeenBy('admin');
      for (const person of cohortMembers()) {
        expect(seen.find((user) => user.id === person.id)).toMatchObject({ email: person.email, role: 'USER', active: true });
      }
    });

    it('gives a participant of another cohort nothing of this cohort', async () => {
      const token = tokenOf('otherParticipant');
      const refused = [
        [`query ($id: ID!) { cohort(id: $id) { id } }`, { id: w.cohort.cohortId }],
        [`query ($id: ID!) { courseModules(cohortId: $id) { totalCount } }`, { id: w.cohort.cohortId }],
        [`query ($id: ID!) { courseModule(id: $id) { id } }`, { id: w.cohort.moduleId }],
        [`query ($id: ID!) { assignments(cohortId: $id) { totalCount } }`, { id: w.cohort.cohortId }],
        [`query ($id: ID!) { assignment(id: $id) { id } }`, { id: w.cohort.assignmentId }],
        [`query ($id: ID!) { enrollments(cohortId: $id) { totalCount } }`, { id: w.cohort.cohortId }],
        [`query ($id: ID!) { user(id: $id) { id email } }`, { id: w.people.participant.id }],
      ] as const;
      for (const [query, variables] of refused) {
        const error = await fails(w.t.http, query, variables, token);
        expect({ query, code: error.extensions.code }).toEqual({ query, code: 'FORBIDDEN' });
      }
      const listed = await ok<{ cohorts: { edges: { node: { id: string } }[] } }>(w.t.http, `{ cohorts(first: 100) { edges { node { id } } } }`, {}, token);
      expect(listed.cohorts.edges.map((edge) => edge.node.id)).toEqual([w.otherCohort.cohortId]);
    });

    it('keeps a submission from a participant of the same cohort who neither wrote nor reviews it', async () => {
      const query = `query ($id: ID!) { submission(id: $id) { id body } }`;
      expect((await fails(w.t.http, query, { id: w.submissionId }, w.peer.token)).extensions.code).toBe('FORBIDDEN');
      const feedback = `mutation ($id: ID!) { addSubmissionFeedback(submissionId: $id, body: "Mooi") { id } }`;
      expect((await fails(w.t.http, feedback, { id: w.submissionId }, w.peer.token)).extensions.code).toBe('FORBIDDEN');
    });

    it('hides a DRAFT cohort from its participants but not from its coach', async () => {
      const draft = await ok<{ createCohort: { id: string } }>(
        w.t.http,
        `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id status } }`,
        { input: { name: `Concept voorjaar 2028 (${randomUUID().slice(0, 8)})`, startDate: '2028-01-10', endDate: '2028-06-30', status: 'DRAFT' } },
        w.adminToken,
      );
      const cohortId = draft.createCohort.id;
      const participant = await createPerson(w.t.http, w.adminToken, { name: 'Pieter Jansen' });
      const coach = await createPerson(w.t.http, w.adminToken, { name: 'Anouk Visser' });
      await enrol(w.t.http, w.adminToken, cohortId, participant.id, 'PARTICIPANT');
      await enrol(w.t.http, w.adminToken, cohortId, coach.id, 'COACH');

      for (const query of [
        `query ($id: ID!) { cohort(id: $id) { id } }`,
        `query ($id: ID!) { courseModules(cohortId: $id) { totalCount } }`,
        `query ($id: ID!) { enrollments(cohortId: $id) { totalCount } }`,
        `query ($id: ID!) { assignments(cohortId: $id) { totalCount } }`,
      ]) {
        expect((await fails(w.t.http, query, { id: cohortId }, participant.token)).extensions.code).toBe('FORBIDDEN');
      }
      const listQuery = `{ cohorts(first: 100) { edges { node { id status } } } }`;
      const participantList = await ok<{ cohorts: { edges: unknown[] } }>(w.t.http, listQuery, {}, participant.token);
      expect(participantList.cohorts.edges).toEqual([]);

      const seenByCoach = await ok<{ cohort: { status: string } }>(w.t.http, `query ($id: ID!) { cohort(id: $id) { status } }`, { id: cohortId }, coach.token);
      expect(seenByCoach.cohort.status).toBe('DRAFT');
      const coachList = await ok<{ cohorts: { edges: { node: { id: string } }[] } }>(w.t.http, listQuery, {}, coach.token);
      expect(coachList.cohorts.edges.map((edge) => edge.node.id)).toEqual([cohortId]);

      // Once it starts, its participants see it.
      await ok(w.t.http, `mutation ($id: ID!) { updateCohort(id: $id, input: { status: ACTIVE }) { id } }`, { id: cohortId }, coach.token);
      await ok(w.t.http, `query ($id: ID!) { cohort(id: $id) { id } }`, { id: cohortId }, participant.token);
    });
  });
});
