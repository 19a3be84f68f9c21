'use strict';
// Picks the bench users on a copy of the generated data set and gives them a known password:
// the generator stores a password only for the admin. Never run against a database you care
// about (it overwrites two users' password hashes).
const fs = require('node:fs');
const { openRaw } = require('../data/db.js');

const PASSWORD = 'bench load password 1';

/**
 * A stress-cohort participant with an editable review (its assignment is still in the review
 * window, so submitReview may rewrite it over and over) and a coach of the same cohort.
 */
async function prepareUsers(target) {
  const raw = await openRaw(target);
  try {
    const [cohort] = await raw.all("SELECT id FROM cohorts WHERE name = 'i-NUP Academy stress cohort'");
    if (!cohort) throw new Error('no stress cohort: generate the data with `npm run bench:data`');
    const assignments = await raw.all(
      'SELECT a.id, a.review_due_at AS "reviewDueAt" FROM assignments a JOIN course_modules m ON m.id = a.module_id WHERE m.cohort_id = $1 AND a.archived_at IS NULL',
      [cohort.id],
    );
    const open = assignments.filter((a) => new Date(a.reviewDueAt).getTime() > Date.now() + 3_600_000);
    if (open.length === 0) throw new Error('no stress-cohort assignment is still in its review window: regenerate the data');
    const [review] = await raw.all(
      `SELECT r.id, r.reviewer_id AS "reviewerId", r.assignment_id AS "assignmentId" FROM peer_reviews r
       JOIN enrollments e ON e.user_id = r.reviewer_id AND e.cohort_id = $1 AND e.role = 'PARTICIPANT'
       WHERE r.assignment_id = $2 AND r.status = 'SUBMITTED' ORDER BY r.id LIMIT 1`,
      [cohort.id, open[0].id],
    );
    const criteria = await raw.all('SELECT id, min_score AS "min", max_score AS "max" FROM rubric_criteria WHERE assignment_id = $1 ORDER BY position', [review.assignmentId]);
    const [coach] = await raw.all("SELECT user_id AS id FROM enrollments WHERE cohort_id = $1 AND role = 'COACH' ORDER BY user_id LIMIT 1", [cohort.id]);
    const users = await raw.all('SELECT id, email FROM users WHERE id IN ($1, $2)', [review.reviewerId, coach.id]);
    const argon2 = require('argon2');
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    await raw.run('UPDATE users SET password_hash = $1 WHERE id IN ($2, $3)', [hash, review.reviewerId, coach.id]);
    const [tasks] = await raw.all("SELECT COUNT(*) AS n FROM peer_reviews WHERE reviewer_id = $1 AND status <> 'REMOVED'", [review.reviewerId]);
    const email = (id) => users.find((u) => u.id === id).email;
    return {
      cohortId: cohort.id,
      participant: { id: review.reviewerId, email: email(review.reviewerId), password: PASSWORD },
      coach: { id: coach.id, email: email(coach.id), password: PASSWORD },
      review: { id: review.id, criteria },
      taskCount: Number(tasks.n),
    };
  } finally {
    await raw.close();
  }
}

/** A fresh copy of the generated SQLite file, with its WAL if one is left (SQLite replays it on open). */
function copySqlite(source, destination) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(destination + suffix, { force: true });
  fs.copyFileSync(source, destination);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${destination}-wal`);
}

module.exports = { prepareUsers, copySqlite, PASSWORD };
