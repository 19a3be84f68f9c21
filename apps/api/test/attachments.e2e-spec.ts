import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { PeerReviewEntity } from '../src/peer-reviews/peer-review.entity';
import { MAX_ATTACHMENT_BYTES, UPLOAD_DIR } from '../src/submissions/attachment-files';
import { createCohort, createPerson, enrol, PersonFixture, rejects } from './support/fixtures';
import { loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

const SUBMIT = `mutation ($input: SubmitAssignmentInput!) {
  submitAssignment(input: $input) { id version attachments { id fileName contentType sizeBytes sha256 downloadPath } }
}`;
const ONE = `query ($id: ID!) { submission(id: $id) { id attachments { id fileName } } }`;

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Upload {
  status: number;
  body: Record<string, any>;
}

describe('attachments', () => {
  let t: TestApp;
  let admin: string;
  const created: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(async () => {
    for (const id of created) rmSync(join(UPLOAD_DIR, id), { force: true });
    await t.close();
  });

  async function upload(token: string | undefined, bytes: Buffer, fileName: string, contentType: string): Promise<Upload> {
    const call = request(t.http).post('/attachments');
    if (token) call.set('authorization', `Bearer ${token}`);
    const response = await call.attach('file', bytes, { filename: fileName, contentType });
    if (response.status === 201) created.push(response.body.id);
    return { status: response.status, body: response.body };
  }

  async function download(token: string | undefined, id: string) {
    const call = request(t.http).get(`/attachments/${id}`);
    if (token) call.set('authorization', `Bearer ${token}`);
    return call.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  }

  const uploadsNow = () => (existsSync(UPLOAD_DIR) ? readdirSync(UPLOAD_DIR).sort() : []);

  /** Refused upload: the status and code, and neither a row nor a file is left behind. */
  async function refusedUpload(token: string | undefined, bytes: Buffer, fileName: string, contentType: string, status: number, code: string) {
    const [rows, files] = [await snapshotDatabase(t.dataSource), uploadsNow()];
    const response = await upload(token, bytes, fileName, contentType);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.body.message).toEqual(expect.any(String));
    expect(await snapshotDatabase(t.dataSource)).toBe(rows);
    expect(uploadsNow()).toEqual(files);
    return response.body;
  }

  async function setting() {
    const cohort = await createCohort(t.http, admin);
    const people: PersonFixture[] = [];
    for (const role of ['COACH', 'PARTICIPANT', 'PARTICIPANT', 'PARTICIPANT'] as const) {
      const person = await createPerson(t.http, admin);
      await enrol(t.http, admin, cohort.cohortId, person.id, role);
      people.push(person);
    }
    const [coach, author, reviewer, bystander] = people;
    return { ...cohort, coach, author, reviewer, bystander };
  }

  describe('POST /attachments', () => {
    it('stores a PDF under its id with its SHA-256 and returns its description', async () => {
      const s = await setting();
      const response = await upload(s.author.token, PDF, 'Notitie basisregistraties.pdf', 'application/pdf');
      expect(response).toEqual({
        status: 201,
        body: { id: expect.any(String), fileName: 'Notitie basisregistraties.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF) },
      });
      expect(readFileSync(join(UPLOAD_DIR, response.body.id))).toEqual(PDF);
      const [row] = await t.dataSource.query(`SELECT uploader_id, submission_id, sha256 FROM attachments WHERE id = '${response.body.id}'`);
      expect(row).toEqual({ uploader_id: s.author.id, submission_id: null, sha256: sha256(PDF) });
      expect(uploadsNow().filter((name) => name.startsWith('.'))).toEqual([]);
    });

    it('accepts the other allowed types', async () => {
      const s = await setting();
      expect((await upload(s.author.token, PNG, 'schema.png', 'image/png')).status).toBe(201);
      expect((await upload(s.author.token, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 'foto.jpg', 'image/jpeg')).status).toBe(201);
      expect((await upload(s.author.token, DOCX, 'plan.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).status).toBe(201);
      expect((await upload(s.author.token, DOCX, 'plan.odt', 'application/vnd.oasis.opendocument.text')).status).toBe(201);
      const markdown = await upload(s.author.token, Buffer.from('# Überschrift – één\n'), 'notes.md', 'text/markdown');
      expect(markdown.body).toMatchObject({ contentType: 'text/markdown' });
      expect((await upload(s.author.token, Buffer.from('a,b\n1,2\n'), 'data.csv', 'text/csv; charset=utf-8')).body).toMatchObject({ contentType: 'text/csv' });
    });

    it('refuses a file over 10 MiB with 413, storing nothing', async () => {
      const s = await setting();
      const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - PDF.length, 0x20)]);
      await refusedUpload(s.author.token, big, 'groot.pdf', 'application/pdf', 413, 'PAYLOAD_TOO_LARGE');
      // Exactly the limit is fine.
      const limit = await upload(s.author.token, big.subarray(0, MAX_ATTACHMENT_BYTES), 'precies.pdf', 'application/pdf');
      expect(limit.body.sizeBytes).toBe(MAX_ATTACHMENT_BYTES);
    });

    it.each([
      ['an executable', Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), 'setup.exe', 'application/x-msdownload'],
      ['an HTML page', Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 'text/html'],
      ['an SVG image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'plaatje.svg', 'image/svg+xml'],
      ['HTML declared as PDF', Buffer.from('<html><script>alert(1)</script></html>'), 'nep.pdf', 'application/pdf'],
      ['a PDF declared as PNG', PDF, 'nep.png', 'image/png'],
      ['an executable declared as DOCX', Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), 'nep.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['binary declared as text', Buffer.from([0x41, 0x00, 0x42]), 'nep.txt', 'text/plain'],
      ['invalid UTF-8 declared as CSV', Buffer.from([0x61, 0xc3, 0x28]), 'nep.csv', 'text/csv'],
      ['an empty file', Buffer.alloc(0), 'leeg.pdf', 'application/pdf'],
    ])('refuses %s, storing nothing', async (_label, bytes, fileName, contentType) => {
      const s = await setting();
      await refusedUpload(s.author.token, bytes, fileName, contentType, 400, 'BAD_USER_INPUT');
    });

    it('refuses a request without a file, and one with the wrong field', async () => {
      const s = await setting();
      const none = await request(t.http).post('/attachments').set('authorization', `Bearer ${s.author.token}`).field('x', 'y');
      expect(none.status).toBe(400);
      expect(none.body.code).toBe('BAD_USER_INPUT');
      const wrong = await request(t.http).post('/attachments').set('authorization', `Bearer ${s.author.token}`).attach('upload', PDF, 'a.pdf');
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('BAD_USER_INPUT');
    });

    it('refuses anonymous uploads with 401', async () => {
      await refusedUpload(undefined, PDF, 'a.pdf', 'application/pdf', 401, 'UNAUTHENTICATED');
    });

    it('keeps only a clean base name: no path, no direction overrides, at most 255 characters (more cases in attachment-files.spec.ts)', async () => {
      const s = await setting();
      const before = readdirSync(join(UPLOAD_DIR, '..'));
      const traversal = await upload(s.author.token, Buffer.from('root:x:0:0\n'), '../../etc/passwd.txt', 'text/plain');
      expect(traversal.body.fileName).toBe('passwd.txt');
      expect(readdirSync(join(UPLOAD_DIR, '..'))).toEqual(before);
      expect(existsSync(join(UPLOAD_DIR, traversal.body.id))).toBe(true);
      expect(existsSync(join(UPLOAD_DIR, 'passwd.txt'))).toBe(false);
      const windows = await upload(s.author.token, PDF, 'C:\\Users\\x\\rapport\u202Efdp.exe.pdf', 'application/pdf');
      expect(windows).toEqual({ status: 201, body: expect.objectContaining({ fileName: 'rapportfdp.exe.pdf' }) });
      const long = await upload(s.author.token, PDF, `${'é'.repeat(300)}.pdf`, 'application/pdf');
      expect(Array.from(long.body.fileName as string)).toHaveLength(255);
    });
  });

  describe('linking and downloading', () => {
    it('links uploads to a submission; the people who may read it download the exact bytes', async () => {
      const s = await setting();
      const file = (await upload(s.author.token, PDF, 'Rapport café (def).pdf', 'application/pdf')).body;
      const notes = (await upload(s.author.token, Buffer.from('# notities\n'), 'notes.md', 'text/markdown')).body;
      // Before it is part of a submission, only the uploader (and admins) may fetch it.
      expect((await download(s.coach.token, file.id)).status).toBe(403);
      const submitted = await ok(t.http, SUBMIT, { input: { assignmentId: s.assignmentId, body: 'zie bijlage', attachmentIds: [file.id, notes.id] } }, s.author.token);
      expect(submitted.submitAssignment.attachments.map((a: { id: string }) => a.id).sort()).toEqual([file.id, notes.id].sort());
      expect(submitted.submitAssignment.attachments.find((a: { id: string }) => a.id === file.id)).toEqual({
        ...file,
        downloadPath: `/attachments/${file.id}`,
      });
      const submissionId = submitted.submitAssignment.id;
      await t.dataSource.getRepository(PeerReviewEntity).save({ assignmentId: s.assignmentId, reviewerId: s.reviewer.id, authorId: s.author.id, submissionId });

      for (const token of [s.author.token, s.coach.token, admin, s.reviewer.token]) {
        const response = await download(token, file.id);
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe('application/pdf');
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['content-disposition']).toBe(`attachment; filename="Rapport caf_ (def).pdf"; filename*=UTF-8''Rapport%20caf%C3%A9%20%28def%29.pdf`);
        expect(sha256(response.body as Buffer)).toBe(file.sha256);
      }
      const text = await download(s.reviewer.token, notes.id);
      expect(text.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect((text.body as Buffer).toString()).toBe('# notities\n');

      // The reviewer sees the attachments of the version they review.
      expect((await ok(t.http, ONE, { id: submissionId }, s.reviewer.token)).submission.attachments).toHaveLength(2);

      const other = await setting();
      for (const token of [s.bystander.token, other.coach.token, other.author.token]) {
        const response = await download(token, file.id);
        expect({ status: response.status, code: JSON.parse((response.body as Buffer).toString()).code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
      const anonymous = await download(undefined, file.id);
      expect({ status: anonymous.status, code: JSON.parse((anonymous.body as Buffer).toString()).code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      expect((await download(s.author.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await download(s.author.token, '..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    });

    it('a resubmission keeps the attachments of the earlier version where they were', async () => {
      const s = await setting();
      const first = (await upload(s.author.token, PDF, 'v1.pdf', 'application/pdf')).body;
      const v1 = (await ok(t.http, SUBMIT, { input: { assignmentId: s.assignmentId, body: 'v1', attachmentIds: [first.id] } }, s.author.token)).submitAssignment;
      const second = (await upload(s.author.token, PDF, 'v2.pdf', 'application/pdf')).body;
      const v2 = (await ok(t.http, SUBMIT, { input: { assignmentId: s.assignmentId, body: 'v2', attachmentIds: [second.id] } }, s.author.token)).submitAssignment;
      expect((await ok(t.http, ONE, { id: v1.id }, s.author.token)).submission.attachments).toEqual([{ id: first.id, fileName: 'v1.pdf' }]);
      expect((await ok(t.http, ONE, { id: v2.id }, s.author.token)).submission.attachments).toEqual([{ id: second.id, fileName: 'v2.pdf' }]);
    });

    it('refuses attachments of someone else, attachments already used, and the same one twice, writing nothing', async () => {
      const s = await setting();
      const theirs = (await upload(s.bystander.token, PDF, 'b.pdf', 'application/pdf')).body;
      const mine = (await upload(s.author.token, PDF, 'a.pdf', 'application/pdf')).body;
      const input = (attachmentIds: string[]) => ({ input: { assignmentId: s.assignmentId, body: 'x', attachmentIds } });
      await rejects(t, SUBMIT, input([mine.id, theirs.id]), s.author.token, 'BAD_USER_INPUT', 'input.attachmentIds.1');
      await rejects(t, SUBMIT, input([mine.id, mine.id]), s.author.token, 'BAD_USER_INPUT', 'input.attachmentIds.1');
      await ok(t.http, SUBMIT, input([mine.id]), s.author.token);
      await rejects(t, SUBMIT, input([mine.id]), s.author.token, 'BAD_USER_INPUT', 'input.attachmentIds.0');
    });
  });
});
