import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RECOMPUTE, TALLY_TABLES } from '../src/database/migrations/shared/report-tallies';
import {
  createLiveCohort,
  createModule,
  createPerson,
  createReviewAssignment,
  enrol,
  hoursFromNow,
  insertReviewPairs,
  PersonFixture,
  unique,
} from './support/fixtures';
import { loginAdmin, startTestApp, TestApp } from './support/test-app';

/**
 * The report tallies are kept by database triggers (migration ReportTallies). Whatever writes the
 * summarised tables, in whatever order, the tallies must equal what the migration computes from
 * scratch: this test writes them at random with plain SQL (inserts, status changes, ratings,
 * moved affiliations, scores, versions, archiving and un-archiving, deletes and their cascades)
 * and compares after every few steps.
 */

/** The key columns of each tally table; the other columns are numbers. */
const KEYS: Record<(typeof TALLY_TABLES)[number], string[]> = {
  report_assignment_tallies: ['assignment_id', 'user_id'],
  report_criterion_tallies: ['criterion_id'],
  report_network_cells: ['cohort_id', 'dimension', 'reviewer_code', 'author_code'],
  report_exchange_partners: ['user_id', 'cohort_id', 'dimension', 'code'],
  report_exchange_counts: ['cohort_id', 'user_id'],
};

/** Rows as `key -> numbers`, leaving out rows that are all zero (a tally may keep a spent row). */
function normalise(table: (typeof TALLY_TABLES)[number], rows: Record<string, unknown>[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const row of rows) {
    const key = KEYS[table].map((column) => String(row[column])).join('|');
    const numbers = Object.keys(row)
      .filter((column) => !KEYS[table].includes(column))
      .sort()
      .map((column) => `${column}=${Number(row[column])}`);
    if (numbers.every((entry) => entry.endsWith('=0'))) continue;
    result[key] = numbers.join(' ');
  }
  return result;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('report tallies (kept by triggers)', () => {
  let t: TestApp;
  let admin: string;
  const people: PersonFixture[] = [];
  const assignments: { id: string; criteria: string[] }[] = [];
  const modules: string[] = [];

  const query = (sql: string, parameters: unknown[] = []): Promise<Record<string, any>[]> => t.dataSource.query(sql, parameters);
  const sql = (text: string) => (t.dataSource.options.type === 'postgres' ? text.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })()) : text);
  // TypeORM writes SQLite datetimes as UTC text; raw SQL must too.
  const stamp = () => (t.dataSource.options.type === 'postgres' ? new Date() : new Date().toISOString().replace('T', ' ').replace('Z', ''));
  const bool = (value: boolean) => (t.dataSource.options.type === 'postgres' ? value : value ? 1 : 0);

  async function expectConsistent(step: string): Promise<void> {
    for (const table of TALLY_TABLES) {
      const kept = normalise(table, await query(`SELECT * FROM ${table}`));
      const computed = normalise(table, await query(RECOMPUTE[table]));
      try {
        expect(kept).toEqual(computed);
      } catch (error) {
        throw new Error(`${table} after ${step}: ${(error as Error).message}`);
      }
    }
    // Spent partner rows go, so that report_exchange_counts counts only real partners.
    expect(await query(`SELECT * FROM report_exchange_partners WHERE reviews <= 0`)).toEqual([]);
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    const first = await createLiveCohort(t.http, admin);
    const second = await createLiveCohort(t.http, admin);
    modules.push(
      first.moduleId,
      await createModule(t.http, admin, first.cohortId, { opensAt: hoursFromNow(-24 * 20), closesAt: hoursFromNow(24 * 50) }),
      second.moduleId,
    );
    for (const moduleId of [modules[0], modules[0], modules[1], modules[2]]) {
      const assignment = await createReviewAssignment(t.http, admin, moduleId);
      assignments.push({ id: assignment.id, criteria: assignment.rubric.map((criterion) => criterion.id) });
    }
    // Participants need both; the pairs below store random affiliations, missing ones included.
    const affiliations = [
      ['GM0363', 'IA'],
      ['GM0518', 'BZ'],
      ['GM0599', 'IA'],
      ['GM0363', 'BZ'],
      ['GM1680', 'DV'],
      ['GM0518', 'IA'],
    ];
    for (const [municipalityCode, businessDomainCode] of affiliations) {
      const person = await createPerson(t.http, admin, { name: unique('Deelnemer'), municipalityCode, businessDomainCode });
      await enrol(t.http, admin, first.cohortId, person.id, 'PARTICIPANT');
      if (people.length % 2 === 0) await enrol(t.http, admin, second.cohortId, person.id, 'PARTICIPANT');
      people.push(person);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has every trigger the migration made', async () => {
    const names: string[] =
      t.dataSource.options.type === 'postgres'
        ? (await query(`SELECT DISTINCT tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'report_tally_%'`)).map((row) => String(row.name))
        : (await query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_tally_%'`)).map((row) => String(row.name));
    const expected =
      t.dataSource.options.type === 'postgres'
        ? ['review_write', 'review_update', 'review_scores_delete', 'submission_write', 'submission_update', 'score_write', 'score_update', 'partner_write', 'assignment_update', 'assignment_delete', 'module_update', 'module_delete']
        : ['review_insert', 'review_scores_delete', 'review_delete', 'review_update', 'review_rating', 'submission_insert', 'submission_delete', 'submission_update', 'score_insert', 'score_delete', 'score_update', 'partner_insert', 'partner_delete', 'assignment_update', 'assignment_delete', 'module_update', 'module_delete'];
    expect(names.sort()).toEqual(expected.map((name) => `report_tally_${name}`).sort());
  });

  it('equal the tallies computed from scratch after every kind of write, in random order', async () => {
    const next = random(20261129);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
    const codes = ['GM0363', 'GM0518', 'GM0599', 'GM1680', null];
    const domains = ['IA', 'BZ', 'DV', null];
    const statuses = ['ASSIGNED', 'SUBMITTED', 'REMOVED'];

    const submissionOf = async (assignmentId: string, authorId: string): Promise<string> => {
      const [latest] = await query(sql(`SELECT id FROM submissions WHERE assignment_id = ? AND author_id = ? ORDER BY version DESC LIMIT 1`), [assignmentId, authorId]);
      if (latest) return latest.id as string;
      const id = randomUUID();
      await query(sql(`INSERT INTO submissions (id, assignment_id, author_id, version, body, submitted_at, is_late) VALUES (?, ?, ?, 1, 'Uitwerking', ?, ?)`), [
        id, assignmentId, authorId, stamp(), bool(next() < 0.3),
      ]);
      return id;
    };
    const toggleArchived = async (table: 'assignments' | 'course_modules', id: string) => {
      const [row] = await query(sql(`SELECT archived_at FROM ${table} WHERE id = ?`), [id]);
      await query(sql(`UPDATE ${table} SET archived_at = ? WHERE id = ?`), [row.archived_at === null ? stamp() : null, id]);
    };
    const someReview = async (): Promise<Record<string, unknown> | undefined> => {
      const rows = await query(`SELECT * FROM peer_reviews ORDER BY id`);
      return rows.length ? pick(rows) : undefined;
    };

    const operations: Record<string, () => Promise<void>> = {
      'a new submission version': async () => {
        const assignment = pick(assignments);
        const author = pick(people);
        const [{ version }] = await query(sql(`SELECT COALESCE(MAX(version), 0) AS version FROM submissions WHERE assignment_id = ? AND author_id = ?`), [assignment.id, author.id]);
        await query(sql(`INSERT INTO submissions (id, assignment_id, author_id, version, body, submitted_at, is_late) VALUES (?, ?, ?, ?, 'Uitwerking', ?, ?)`), [
          randomUUID(), assignment.id, author.id, Number(version) + 1, stamp(), bool(next() < 0.4),
        ]);
      },
      'a submission turning late or on time': async () => {
        const rows = await query(`SELECT id, is_late FROM submissions ORDER BY id`);
        if (rows.length) {
          const row = pick(rows);
          await query(sql(`UPDATE submissions SET is_late = ? WHERE id = ?`), [bool(!row.is_late), row.id]);
        }
      },
      'a submission deleted (its reviews with it)': async () => {
        const rows = await query(`SELECT id FROM submissions ORDER BY id`);
        if (rows.length && next() < 0.2) await query(sql(`DELETE FROM submissions WHERE id = ?`), [pick(rows).id]);
      },
      'a new pair': async () => {
        const assignment = pick(assignments);
        const [reviewer, author] = [pick(people), pick(people)];
        if (reviewer.id === author.id) return;
        const [exists] = await query(sql(`SELECT 1 AS one FROM peer_reviews WHERE assignment_id = ? AND reviewer_id = ? AND author_id = ?`), [assignment.id, reviewer.id, author.id]);
        if (exists) return;
        await query(
          sql(`INSERT INTO peer_reviews (id, assignment_id, reviewer_id, author_id, submission_id, status, helpfulness,
                 reviewer_municipality_code, reviewer_domain_code, author_municipality_code, author_domain_code)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
          [
            randomUUID(), assignment.id, reviewer.id, author.id, await submissionOf(assignment.id, author.id), pick(statuses),
            next() < 0.5 ? null : 1 + Math.floor(next() * 5), pick(codes), pick(domains), pick(codes), pick(domains),
          ],
        );
      },
      'a review changing status': async () => {
        const review = await someReview();
        if (review) await query(sql(`UPDATE peer_reviews SET status = ? WHERE id = ?`), [pick(statuses), review.id]);
      },
      'a review rated': async () => {
        const review = await someReview();
        if (review) await query(sql(`UPDATE peer_reviews SET helpfulness = ? WHERE id = ?`), [next() < 0.2 ? null : 1 + Math.floor(next() * 5), review.id]);
      },
      'a comment edited (no tally moves)': async () => {
        const review = await someReview();
        if (review) await query(sql(`UPDATE peer_reviews SET comment = ? WHERE id = ?`), [unique('Opmerking'), review.id]);
      },
      'a pair getting another stored affiliation': async () => {
        const review = await someReview();
        if (review) {
          await query(sql(`UPDATE peer_reviews SET reviewer_municipality_code = ?, author_domain_code = ? WHERE id = ?`), [pick(codes), pick(domains), review.id]);
        }
      },
      'a pair changing status and rating at once': async () => {
        const review = await someReview();
        if (review) await query(sql(`UPDATE peer_reviews SET status = ?, helpfulness = ? WHERE id = ?`), [pick(statuses), 1 + Math.floor(next() * 5), review.id]);
      },
      'a score written or changed': async () => {
        const review = await someReview();
        if (!review) return;
        const criterion = pick(assignments.find((assignment) => assignment.id === review.assignment_id)!.criteria);
        const score = Math.floor(next() * 6);
        const [exists] = await query(sql(`SELECT 1 AS one FROM peer_review_scores WHERE peer_review_id = ? AND criterion_id = ?`), [review.id, criterion]);
        if (exists) await query(sql(`UPDATE peer_review_scores SET score = ? WHERE peer_review_id = ? AND criterion_id = ?`), [score, review.id, criterion]);
        else await query(sql(`INSERT INTO peer_review_scores (peer_review_id, criterion_id, score) VALUES (?, ?, ?)`), [review.id, criterion, score]);
      },
      'a score deleted': async () => {
        const rows = await query(`SELECT peer_review_id, criterion_id FROM peer_review_scores ORDER BY peer_review_id, criterion_id`);
        if (rows.length) {
          const row = pick(rows);
          await query(sql(`DELETE FROM peer_review_scores WHERE peer_review_id = ? AND criterion_id = ?`), [row.peer_review_id, row.criterion_id]);
        }
      },
      'a pair given to another reviewer': async () => {
        const review = await someReview();
        const reviewer = pick(people);
        if (!review || reviewer.id === review.author_id) return;
        const [taken] = await query(sql(`SELECT 1 AS one FROM peer_reviews WHERE assignment_id = ? AND reviewer_id = ? AND author_id = ?`), [review.assignment_id, reviewer.id, review.author_id]);
        if (!taken) await query(sql(`UPDATE peer_reviews SET reviewer_id = ?, reviewer_municipality_code = ? WHERE id = ?`), [reviewer.id, pick(codes), review.id]);
      },
      'every pair of an assignment changed in one statement': async () => {
        if (next() < 0.5) await query(sql(`UPDATE peer_reviews SET status = ? WHERE assignment_id = ? AND status <> 'REMOVED'`), [pick(statuses), pick(assignments).id]);
      },
      'an assignment moved to another module': async () => {
        if (next() < 0.3) await query(sql(`UPDATE assignments SET module_id = ? WHERE id = ?`), [pick(modules), pick(assignments).id]);
      },
      'a module moved to another cohort': async () => {
        if (next() < 0.2) {
          const [target] = await query(sql(`SELECT cohort_id FROM course_modules WHERE id = ?`), [pick(modules)]);
          await query(sql(`UPDATE course_modules SET cohort_id = ? WHERE id = ?`), [target.cohort_id, pick(modules)]);
        }
      },
      'a review deleted (its scores with it)': async () => {
        const review = await someReview();
        if (review && next() < 0.3) await query(sql(`DELETE FROM peer_reviews WHERE id = ?`), [review.id]);
      },
      'an assignment archived or brought back': async () => {
        await toggleArchived('assignments', pick(assignments).id);
      },
      'a module archived or brought back': async () => {
        if (next() < 0.5) await toggleArchived('course_modules', pick(modules));
      },
    };

    const names = Object.keys(operations);
    // New pairs and scores more often than deletes, so that the network keeps growing.
    const weighted = [...names, ...Array(5).fill('a new pair'), ...Array(3).fill('a score written or changed'), 'a new submission version'];
    const done: string[] = [];
    for (let step = 1; step <= 300; step++) {
      const name = pick(weighted);
      await operations[name]();
      done.push(name);
      if (step % 20 === 0) await expectConsistent(`${step} steps (last: ${name})`);
    }
    // Every kind of write happened.
    expect(new Set(done)).toEqual(new Set(names));
    const [{ reviews }] = await query(`SELECT COUNT(*) AS reviews FROM peer_reviews WHERE status = 'SUBMITTED'`);
    expect(Number(reviews)).toBeGreaterThan(10);

    // Deleting a person (a cascade over their submissions, pairs and scores), an assignment and a
    // module takes their rows out of the tallies.
    await query(sql(`DELETE FROM users WHERE id = ?`), [people[0].id]);
    await expectConsistent('deleting a person');
    await query(sql(`UPDATE assignments SET archived_at = NULL`));
    await query(sql(`UPDATE course_modules SET archived_at = NULL`));
    await expectConsistent('bringing everything back');
    await query(sql(`DELETE FROM assignments WHERE id = ?`), [assignments[0].id]);
    await expectConsistent('deleting an assignment');
    await query(sql(`DELETE FROM course_modules WHERE id = ?`), [modules[1]]);
    await expectConsistent('deleting a module');
  });
});

(process.env.DATABASE_URL ? describe : describe.skip)('report tallies under concurrent writers (PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets a coach\'s multi-statement repair and a participant\'s submit take turns instead of deadlocking', async () => {
    const admin = await loginAdmin(t.http);
    const { moduleId } = await createLiveCohort(t.http, admin);
    const assignment = await createReviewAssignment(t.http, admin, moduleId);
    const people: PersonFixture[] = [];
    for (const [municipalityCode, businessDomainCode] of [['GM0363', 'IA'], ['GM0518', 'BZ'], ['GM0599', 'DV'], ['GM1680', 'IA']]) {
      people.push(await createPerson(t.http, admin, { name: unique('Deelnemer'), municipalityCode, businessDomainCode }));
    }
    const [reviewer, author, other, third] = people.map((person) => person.id);
    const [reviewerToAuthor, otherToAuthor, reviewerToThird] = await insertReviewPairs(t, assignment.id, reviewer, [
      { reviewerId: reviewer, authorId: author },
      { reviewerId: other, authorId: author },
      { reviewerId: reviewer, authorId: third },
    ]);
    const connect = async () => {
      const client = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${t.config.DATABASE_SCHEMA}` });
      await client.connect();
      await client.query('BEGIN');
      return client;
    };
    const [coach, participant] = [await connect(), await connect()];
    try {
      // The coach's repair first takes other -> author out: the tallies of (assignment, other) and (assignment, author).
      await coach.query(`UPDATE peer_reviews SET status = 'REMOVED' WHERE id = $1`, [otherToAuthor]);
      // The participant submits reviewer -> author; without the cohort lock it would hold (assignment, reviewer) and wait for author.
      const submitted = participant.query(`UPDATE peer_reviews SET status = 'SUBMITTED' WHERE id = $1`, [reviewerToAuthor]).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      // ...and the repair goes on with reviewer -> third: (assignment, reviewer), which the participant would now hold.
      const started = Date.now();
      await coach.query(`UPDATE peer_reviews SET status = 'REMOVED' WHERE id = $1`, [reviewerToThird]);
      expect(Date.now() - started).toBeLessThan(500);
      await coach.query('COMMIT');
      expect(await submitted).toBe('ok');
      await participant.query('COMMIT');
    } finally {
      await coach.end();
      await participant.end();
    }
    const statuses = await t.dataSource.query(`SELECT id, status FROM peer_reviews WHERE assignment_id = $1 ORDER BY id`, [assignment.id]);
    expect(Object.fromEntries(statuses.map((row: { id: string; status: string }) => [row.id, row.status]))).toEqual({
      [reviewerToAuthor]: 'SUBMITTED',
      [otherToAuthor]: 'REMOVED',
      [reviewerToThird]: 'REMOVED',
    });
    const [tally] = await t.dataSource.query(
      `SELECT reviews_assigned, reviews_done FROM report_assignment_tallies WHERE assignment_id = $1 AND user_id = $2`,
      [assignment.id, reviewer],
    );
    expect({ assigned: Number(tally.reviews_assigned), done: Number(tally.reviews_done) }).toEqual({ assigned: 1, done: 1 });
  });
});
