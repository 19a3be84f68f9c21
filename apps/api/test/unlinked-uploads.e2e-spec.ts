import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AttachmentEntity } from '../src/submissions/attachment.entity';
import { UPLOAD_DIR } from '../src/submissions/attachment-files';
import { UNLINKED_UPLOAD_HOURS, UnlinkedUploadsService } from '../src/submissions/unlinked-uploads.service';
import { createCohort, createPerson, enrol, PersonFixture } from './support/fixtures';
import { loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
const HOUR_MS = 3600_000;

describe('uploads never submitted', () => {
  let t: TestApp;
  let author: PersonFixture;
  let assignmentId: string;
  const created: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await loginAdmin(t.http);
    const cohort = await createCohort(t.http, admin);
    assignmentId = cohort.assignmentId;
    author = await createPerson(t.http, admin);
    await enrol(t.http, admin, cohort.cohortId, author.id, 'PARTICIPANT');
  });
  afterAll(async () => {
    for (const id of created) rmSync(join(UPLOAD_DIR, id), { force: true });
    await t.close();
  });

  async function upload(): Promise<string> {
    const response = await request(t.http).post('/attachments').set('authorization', `Bearer ${author.token}`).attach('file', PDF, { filename: 'plan.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(201);
    created.push(response.body.id);
    return response.body.id as string;
  }

  it(`are removed, row and file, after ${UNLINKED_UPLOAD_HOURS} hours; submitted and recent ones stay`, async () => {
    const [stale, submitted, recent] = [await upload(), await upload(), await upload()];
    await ok(
      t.http,
      `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { id } }`,
      { input: { assignmentId, body: 'Mijn uitwerking', attachmentIds: [submitted] } },
      author.token,
    );
    const attachments = t.dataSource.getRepository(AttachmentEntity);
    // Two of them were uploaded more than a day ago.
    const longAgo = new Date(Date.now() - (UNLINKED_UPLOAD_HOURS + 1) * HOUR_MS);
    await attachments.update({ id: stale }, { createdAt: longAgo });
    await attachments.update({ id: submitted }, { createdAt: longAgo });

    const removed = await t.app.get(UnlinkedUploadsService).removeUnlinked(new Date());

    expect(removed).toBe(1);
    expect((await attachments.find({ select: { id: true } })).map((row) => row.id).sort()).toEqual([submitted, recent].sort());
    expect(existsSync(join(UPLOAD_DIR, stale))).toBe(false);
    expect(existsSync(join(UPLOAD_DIR, submitted))).toBe(true);
    expect(existsSync(join(UPLOAD_DIR, recent))).toBe(true);
    // Nothing left to do the second time.
    expect(await t.app.get(UnlinkedUploadsService).removeUnlinked(new Date())).toBe(0);
  });
});
