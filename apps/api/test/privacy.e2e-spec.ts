import { existsSync, unlinkSync } from 'node:fs';
import request from 'supertest';
import { CohortEntity, CohortStatus } from '../src/cohorts/cohort.entity';
import { readRetentionDays } from '../src/privacy/retention-setting';
import { createApp } from '../src/bootstrap';
import { AttachmentEntity } from '../src/submissions/attachment.entity';
import { storedPath } from '../src/submissions/attachment-files';
import { SubmissionEntity } from '../src/submissions/submission.entity';
import {
  createLiveCohort,
  createModule,
  createPerson,
  createReviewAssignment,
  enrol,
  expectError,
  insertReviewPairs,
  insertSubmission,
  PASSWORD,
  PersonFixture,
  rejects,
  ReviewAssignmentFixture,
  unique,
} from './support/fixtures';
import { ADMIN_EMAIL, fails, gql, loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

const EXPORT = `query { exportMyData { generatedAt json } }`;
const ERASE = `mutation ($userId: ID!, $confirmEmail: String!) { eraseUser(userId: $userId, confirmEmail: $confirmEmail) }`;
const PURGE = `mutation { purgeExpiredSubmissions }`;
const SUBMIT_WORK = `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { id version } }`;
const SUBMIT_REVIEW = `mutation ($input: SubmitReviewInput!) { submitReview(input: $input) { id status } }`;
const RATE = `mutation ($peerReviewId: ID!, $helpfulness: Int!, $comment: String) { rateReview(peerReviewId: $peerReviewId, helpfulness: $helpfulness, comment: $comment) { id } }`;
const RECEIVED = `query ($assignmentId: ID!) { myReceivedReviews(assignmentId: $assignmentId) { released reviews { id comment helpfulnessComment scores { score } reviewer { hidden name } } } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const COHORT_COUNTS = `query ($id: ID!) { cohort(id: $id) { enrollmentCounts { participants coaches } } }`;

type ExportDocument = {
  profile: Record<string, unknown>;
  enrollments: { cohortName: string; role: string }[];
  submissions: { version: number; body: string; attachments: { fileName: string; sha256: string }[] }[];
  reviewsWritten: { comment: string; author: { hidden: boolean; name: string | null }; scores: { criterion: string; score: number }[] }[];
  reviewsReceived: { id: string; comment: string; reviewer: { hidden: boolean; name: string | null; municipalityCode: string | null }; scores: { score: number }[] }[];
  helpfulnessRatingsGiven: { reviewId: string; helpfulness: number; comment: string | null }[];
  notifications: unknown[];
  auditEntries: { action: string }[];
};

async function upload(t: TestApp, token: string, text: string, fileName: string): Promise<string> {
  const response = await request(t.http)
    .post('/attachments')
    .set('authorization', `Bearer ${token}`)
    .attach('file', Buffer.from(text), { filename: fileName, contentType: 'text/plain' });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

/**
 * One DOUBLE_BLIND assignment (reviews released at once) in a live cohort; three participants
 * review in a ring: reviewer -> author -> other -> reviewer. The author's work has a file.
 */
async function reviewedWorld(t: TestApp, admin: string) {
  const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
  const assignment: ReviewAssignmentFixture = await createReviewAssignment(t.http, admin, moduleId, { anonymity: 'DOUBLE_BLIND', releaseReviewsImmediately: true });
  const person = (label: string, municipalityCode: string) =>
    createPerson(t.http, admin, { name: unique(label), email: `${unique(label).replace(/\W+/g, '.').toLowerCase()}@gemeente.example`, municipalityCode });
  const author = await person('Anouk Auteur', 'GM0363');
  const reviewer = await person('Bram Beoordelaar', 'GM0599');
  const other = await person('Carla Collega', 'GM0344');
  for (const member of [author, reviewer, other]) await enrol(t.http, admin, cohortId, member.id, 'PARTICIPANT');

  const authorFile = await upload(t, author.token, 'Onze basisregistraties', 'basisregistraties.txt');
  const reviewerFile = await upload(t, reviewer.token, 'Bram zijn bijlage', 'bram.txt');
  await ok(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: 'Versie een van Anouk' } }, author.token);
  await ok(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: 'Versie twee van Anouk', attachmentIds: [authorFile] } }, author.token);
  await ok(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: 'Het werk van Bram', attachmentIds: [reviewerFile] } }, reviewer.token);
  await ok(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: 'Het werk van Carla' } }, other.token);

  const adminId = (await ok<{ me: { id: string } }>(t.http, '{ me { id } }', {}, admin)).me.id;
  const [reviewOfAuthor, reviewOfOther, reviewOfReviewer] = await insertReviewPairs(t, assignment.id, adminId, [
    { reviewerId: reviewer.id, authorId: author.id },
    { reviewerId: author.id, authorId: other.id },
    { reviewerId: other.id, authorId: reviewer.id },
  ]);
  const scores = (values: number[]) => assignment.rubric.map((criterion, index) => ({ criterionId: criterion.id, score: values[index] }));
  await ok(t.http, SUBMIT_REVIEW, { input: { peerReviewId: reviewOfAuthor, scores: scores([4, 7]), comment: 'Bram vindt het sterk' } }, reviewer.token);
  await ok(t.http, SUBMIT_REVIEW, { input: { peerReviewId: reviewOfOther, scores: scores([3, 5]), comment: 'Anouk over Carla' } }, author.token);
  await ok(t.http, SUBMIT_REVIEW, { input: { peerReviewId: reviewOfReviewer, scores: scores([5, 9]), comment: 'Carla over Bram' } }, other.token);
  await ok(t.http, RATE, { peerReviewId: reviewOfAuthor, helpfulness: 4, comment: 'Anouk vond dit nuttig' }, author.token);
  await ok(t.http, RATE, { peerReviewId: reviewOfReviewer, helpfulness: 5, comment: 'Bram bedankt Carla' }, reviewer.token);
  return { cohortId, moduleId, assignment, author, reviewer, other, adminId, reviewOfAuthor, reviewOfReviewer, authorFile, reviewerFile };
}

describe('privacy (AVG/GDPR)', () => {
  let t: TestApp;
  let admin: string;
  let w: Awaited<ReturnType<typeof reviewedWorld>>;
  const previousRetention = process.env.SUBMISSION_RETENTION_DAYS;

  beforeAll(async () => {
    process.env.SUBMISSION_RETENTION_DAYS = '30';
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    w = await reviewedWorld(t, admin);
  }, 120_000);

  afterAll(async () => {
    if (previousRetention === undefined) delete process.env.SUBMISSION_RETENTION_DAYS;
    else process.env.SUBMISSION_RETENTION_DAYS = previousRetention;
    await t?.close();
  });

  describe('exportMyData', () => {
    it('refuses anonymous callers', async () => {
      expectError(await fails(t.http, EXPORT), 'UNAUTHENTICATED');
    });

    it('holds the profile, enrollments, every submission version with attachments, reviews, ratings and own audit entries', async () => {
      const data = await ok<{ exportMyData: { generatedAt: string; json: string } }>(t.http, EXPORT, {}, w.author.token);
      const doc = JSON.parse(data.exportMyData.json) as ExportDocument;
      expect(doc.profile).toMatchObject({ id: w.author.id, email: w.author.email, municipalityCode: 'GM0363', businessDomainCode: 'IA' });
      expect(doc.enrollments).toEqual([expect.objectContaining({ role: 'PARTICIPANT', cohortName: expect.stringContaining('Live cohort') })]);
      expect(doc.submissions.map((submission) => [submission.version, submission.body])).toEqual([
        [1, 'Versie een van Anouk'],
        [2, 'Versie twee van Anouk'],
      ]);
      expect(doc.submissions[1].attachments).toEqual([expect.objectContaining({ fileName: 'basisregistraties.txt', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
      expect(doc.reviewsWritten).toEqual([
        expect.objectContaining({
          comment: 'Anouk over Carla',
          author: expect.objectContaining({ hidden: true, name: null }),
          scores: expect.arrayContaining([{ criterion: 'Volledigheid', score: 3 }, { criterion: 'Toepasbaarheid', score: 5 }]),
        }),
      ]);
      expect(doc.reviewsReceived).toEqual([
        expect.objectContaining({ id: w.reviewOfAuthor, comment: 'Bram vindt het sterk', reviewer: { hidden: true, name: null, municipalityCode: 'GM0599', businessDomainCode: 'IA' } }),
      ]);
      expect(doc.reviewsReceived[0].scores.map((score) => score.score).sort()).toEqual([4, 7]);
      expect(doc.helpfulnessRatingsGiven).toEqual([expect.objectContaining({ reviewId: w.reviewOfAuthor, helpfulness: 4, comment: 'Anouk vond dit nuttig' })]);
      expect(doc.auditEntries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['submission.created', 'peer-review.submitted', 'peer-review.rated']));
    });

    it('contains no password or token hashes and nothing that identifies a hidden reviewer', async () => {
      const { json } = (await ok<{ exportMyData: { json: string } }>(t.http, EXPORT, {}, w.author.token)).exportMyData;
      const hashes: { password_hash: string }[] = await t.dataSource.query(`SELECT password_hash FROM users WHERE id = '${w.author.id}'`);
      const tokenHashes: { secret_hash: string }[] = await t.dataSource.query(`SELECT secret_hash FROM refresh_tokens UNION SELECT secret_hash FROM password_tokens`);
      expect(hashes[0].password_hash).toMatch(/^\$argon2/);
      expect(json).not.toContain(hashes[0].password_hash);
      expect(json).not.toMatch(/argon2|passwordHash|password_hash|secretHash|secret_hash/i);
      for (const { secret_hash } of tokenHashes) expect(json).not.toContain(secret_hash);
      // The reviewer of the author's work, under DOUBLE_BLIND: not their id, name or e-mail.
      const reviewerName = (await t.dataSource.query(`SELECT name FROM users WHERE id = '${w.reviewer.id}'`))[0].name as string;
      for (const secret of [w.reviewer.id, reviewerName, w.reviewer.email]) expect(json).not.toContain(secret);
      // Nor who the author reviewed (DOUBLE_BLIND hides the author from the reviewer too).
      expect(json).not.toContain(w.other.id);
    });

    it('shows a reviewer’s name when the assignment is OPEN', async () => {
      const open = await createReviewAssignment(t.http, admin, w.moduleId, { anonymity: 'OPEN', releaseReviewsImmediately: true });
      await insertSubmission(t, open.id, w.other.id, { body: 'Open werk' });
      const [pair] = await insertReviewPairs(t, open.id, w.adminId, [{ reviewerId: w.author.id, authorId: w.other.id }]);
      const scores = open.rubric.map((criterion) => ({ criterionId: criterion.id, score: criterion.minScore }));
      await ok(t.http, SUBMIT_REVIEW, { input: { peerReviewId: pair, scores, comment: 'Open review' } }, w.author.token);
      const doc = JSON.parse((await ok<{ exportMyData: { json: string } }>(t.http, EXPORT, {}, w.other.token)).exportMyData.json) as ExportDocument;
      const authorName = (await t.dataSource.query(`SELECT name FROM users WHERE id = '${w.author.id}'`))[0].name as string;
      expect(doc.reviewsReceived.find((review) => review.id === pair)?.reviewer).toMatchObject({ hidden: false, name: authorName });
    });
  });

  describe('eraseUser', () => {
    it('is for admins only', async () => {
      await rejects(t, ERASE, { userId: w.other.id, confirmEmail: w.other.email }, w.author.token, 'FORBIDDEN');
      await rejects(t, ERASE, { userId: w.other.id, confirmEmail: w.other.email }, undefined, 'UNAUTHENTICATED');
    });

    it('changes nothing without the exact e-mail address', async () => {
      await rejects(t, ERASE, { userId: w.other.id, confirmEmail: w.author.email }, admin, 'BAD_USER_INPUT', 'confirmEmail');
      await rejects(t, ERASE, { userId: w.other.id, confirmEmail: `x${w.other.email}` }, admin, 'BAD_USER_INPUT', 'confirmEmail');
    });

    it('refuses erasing yourself and unknown users', async () => {
      await rejects(t, ERASE, { userId: w.adminId, confirmEmail: ADMIN_EMAIL }, admin, 'BAD_USER_INPUT', 'userId');
      await rejects(t, ERASE, { userId: '00000000-0000-4000-8000-000000000000', confirmEmail: 'nobody@example.org' }, admin, 'NOT_FOUND');
      await rejects(t, ERASE, { userId: 'not-a-uuid', confirmEmail: 'nobody@example.org' }, admin, 'BAD_USER_INPUT', 'userId');
    });

    it('erases the person everywhere while scores, counts and other people’s reviews stay', async () => {
      const [{ name: reviewerName }] = await t.dataSource.query(`SELECT name FROM users WHERE id = '${w.reviewer.id}'`);
      const countsBefore = await ok(t.http, COHORT_COUNTS, { id: w.cohortId }, admin);
      const receivedBefore = (await ok(t.http, RECEIVED, { assignmentId: w.assignment.id }, w.author.token)).myReceivedReviews;
      const submissionsBefore = await t.dataSource.getRepository(SubmissionEntity).count();
      expect(existsSync(storedPath(w.reviewerFile))).toBe(true);
      expect(await snapshotDatabase(t.dataSource)).toContain(reviewerName);

      expect((await ok(t.http, ERASE, { userId: w.reviewer.id, confirmEmail: ` ${w.reviewer.email.toUpperCase()} ` }, admin)).eraseUser).toBe(true);

      // Gone from every table (the audit entry says who erased whom, by id, and nothing else).
      const snapshot = await snapshotDatabase(t.dataSource);
      for (const secret of [reviewerName, w.reviewer.email, 'Bram vindt het sterk', 'Bram bedankt Carla', 'Het werk van Bram', 'bram.txt']) {
        expect(snapshot).not.toContain(secret);
      }
      const [user] = await t.dataSource.query(`SELECT name, email, job_title, password_hash, deactivated_at, municipality_code, business_domain_code FROM users WHERE id = '${w.reviewer.id}'`);
      expect(user).toMatchObject({ name: 'Erased user', job_title: null, password_hash: null, municipality_code: 'GM0599', business_domain_code: 'IA' });
      expect(user.email).toMatch(/^erased-[0-9a-f]+@erased\.invalid$/);
      expect(user.deactivated_at).not.toBeNull();
      expect(await t.dataSource.query(`SELECT id FROM refresh_tokens WHERE user_id = '${w.reviewer.id}' UNION ALL SELECT id FROM password_tokens WHERE user_id = '${w.reviewer.id}' UNION ALL SELECT id FROM notifications WHERE user_id = '${w.reviewer.id}'`)).toEqual([]);
      expect(existsSync(storedPath(w.reviewerFile))).toBe(false);
      expect(await t.dataSource.getRepository(AttachmentEntity).countBy({ id: w.reviewerFile })).toBe(0);
      const [audit] = await t.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'user.erased' AND subject_id = '${w.reviewer.id}'`);
      expect(audit.actor_id).toBe(w.adminId);
      expect(JSON.parse(audit.details)).toEqual({ submissions: 1, attachments: 1 });

      // No way back in: neither the password nor the session they had.
      expectError(await fails(t.http, LOGIN, { email: w.reviewer.email, password: PASSWORD }), 'UNAUTHENTICATED');
      expectError(await fails(t.http, EXPORT, {}, w.reviewer.token), 'UNAUTHENTICATED');

      // Statistics and the author's received review stay: same scores, text erased.
      expect(await ok(t.http, COHORT_COUNTS, { id: w.cohortId }, admin)).toEqual(countsBefore);
      expect(await t.dataSource.getRepository(SubmissionEntity).count()).toBe(submissionsBefore);
      const receivedAfter = (await ok(t.http, RECEIVED, { assignmentId: w.assignment.id }, w.author.token)).myReceivedReviews;
      expect(receivedAfter.reviews).toEqual(receivedBefore.reviews.map((review: { comment: string }) => ({ ...review, comment: '[erased]' })));
      // Carla's review of Bram's work keeps her comment; Bram's rating comment on it is erased.
      const [carlaReview] = await t.dataSource.query(`SELECT comment, helpfulness, helpfulness_comment FROM peer_reviews WHERE id = '${w.reviewOfReviewer}'`);
      expect(carlaReview).toEqual({ comment: 'Carla over Bram', helpfulness: 5, helpfulness_comment: '[erased]' });

      // Irreversible, and not repeatable.
      const erasedEmail = user.email as string;
      await rejects(t, ERASE, { userId: w.reviewer.id, confirmEmail: erasedEmail }, admin, 'CONFLICT', 'userId');
    });
  });

  describe('retention', () => {
    /** A cohort with one assignment and one submission (with a file), then given status and dates. */
    async function cohortWithWork(status: CohortStatus, endDate: string, label: string) {
      const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
      const assignment = await createReviewAssignment(t.http, admin, moduleId);
      const author = await createPerson(t.http, admin, { name: unique(label) });
      await enrol(t.http, admin, cohortId, author.id, 'PARTICIPANT');
      const submissionId = await insertSubmission(t, assignment.id, author.id, { body: `Werk van ${label}` });
      const attachmentId = await upload(t, author.token, `Bijlage van ${label}`, 'bijlage.txt');
      await t.dataSource.getRepository(AttachmentEntity).update({ id: attachmentId }, { submissionId });
      await t.dataSource.getRepository(CohortEntity).update({ id: cohortId }, { status, startDate: '2020-01-01', endDate });
      return { cohortId, submissionId, attachmentId, author };
    }
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600_000).toISOString().slice(0, 10);

    it('purges only closed cohorts past the retention window, keeping rows and scores', async () => {
      const expired = await cohortWithWork(CohortStatus.CLOSED, daysAgo(45), 'Verlopen');
      const recent = await cohortWithWork(CohortStatus.CLOSED, daysAgo(10), 'Recent');
      const active = await cohortWithWork(CohortStatus.ACTIVE, daysAgo(45), 'Actief');
      const submissionsBefore = await t.dataSource.getRepository(SubmissionEntity).count();

      await rejects(t, PURGE, {}, expired.author.token, 'FORBIDDEN');
      expect((await ok(t.http, PURGE, {}, admin)).purgeExpiredSubmissions).toBe(1);

      const bodyOf = async (id: string) => (await t.dataSource.getRepository(SubmissionEntity).findOneByOrFail({ id })).body;
      expect(await bodyOf(expired.submissionId)).toBe('[purged]');
      expect(await bodyOf(recent.submissionId)).toBe('Werk van Recent');
      expect(await bodyOf(active.submissionId)).toBe('Werk van Actief');
      expect(await t.dataSource.getRepository(SubmissionEntity).count()).toBe(submissionsBefore);
      expect(await t.dataSource.getRepository(AttachmentEntity).countBy({ id: expired.attachmentId })).toBe(0);
      expect(existsSync(storedPath(expired.attachmentId))).toBe(false);
      expect(existsSync(storedPath(recent.attachmentId))).toBe(true);
      const [audit] = await t.dataSource.query(`SELECT details FROM audit_log WHERE action = 'submissions.purged' AND subject_id = '${expired.cohortId}'`);
      expect(JSON.parse(audit.details)).toEqual({ submissions: 1, attachments: 1, retentionDays: 30 });

      // Idempotent: nothing is left to purge.
      expect((await ok(t.http, PURGE, {}, admin)).purgeExpiredSubmissions).toBe(0);
    });

    it('runs at start-up when the setting is set, and finishes before shutdown', async () => {
      const expired = await cohortWithWork(CohortStatus.CLOSED, daysAgo(31), 'Bij de start');
      // A second server on the same database, as after a restart.
      const restarted = await createApp(t.config);
      await restarted.init();
      await restarted.close();
      expect((await t.dataSource.getRepository(SubmissionEntity).findOneByOrFail({ id: expired.submissionId })).body).toBe('[purged]');
      const [audit] = await t.dataSource.query(`SELECT actor_id FROM audit_log WHERE action = 'submissions.purged' AND subject_id = '${expired.cohortId}'`);
      expect(audit.actor_id).toBeNull();
    });

    it('keeps going when a stored file is already gone', async () => {
      const expired = await cohortWithWork(CohortStatus.CLOSED, daysAgo(400), 'Zonder bestand');
      unlinkSync(storedPath(expired.attachmentId));
      expect((await ok(t.http, PURGE, {}, admin)).purgeExpiredSubmissions).toBe(1);
    });
  });
});

describe('the retention setting', () => {
  it('accepts whole days from 1 and refuses anything else', () => {
    expect(readRetentionDays({})).toBeNull();
    expect(readRetentionDays({ SUBMISSION_RETENTION_DAYS: '' })).toBeNull();
    expect(readRetentionDays({ SUBMISSION_RETENTION_DAYS: '365' })).toBe(365);
    for (const bad of ['0', '-3', '1.5', 'year', '1e3']) {
      expect(() => readRetentionDays({ SUBMISSION_RETENTION_DAYS: bad })).toThrow('SUBMISSION_RETENTION_DAYS');
    }
  });

  it('purges nothing when unset', async () => {
    const previous = process.env.SUBMISSION_RETENTION_DAYS;
    delete process.env.SUBMISSION_RETENTION_DAYS;
    const t = await startTestApp();
    try {
      const admin = await loginAdmin(t.http);
      const response = await gql<{ purgeExpiredSubmissions: number }>(t.http, PURGE, {}, admin);
      expect(response.data?.purgeExpiredSubmissions).toBe(0);
    } finally {
      if (previous !== undefined) process.env.SUBMISSION_RETENTION_DAYS = previous;
      await t.close();
    }
  }, 60_000);
});
