import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { Assignment } from '../assignments/assignment.model';
import { EntityRows } from '../graphql/entity-rows';
import { activePairsOfReviewer } from './active-pairs';
import { PeerReviewEntity, PeerReviewStatus } from './peer-review.entity';
import { ReviewTask, ReviewTaskStatus } from './peer-review.model';

/** Stands in for the reviewer while the query builder writes the statement; its place is then known. */
const REVIEWER = '\u0000reviewer';

/**
 * `myReviewTasks`, the busiest list of the API, as two raw statements written once: the ids of the
 * caller's active pairs (the shared rule of `activePairsOfReviewer`), then those reviews with their
 * assignment. Through `find` the same two statements cost several times the reads themselves in
 * query building and hydration (bench/api); the SQL is unchanged.
 */
@Injectable()
export class ReviewTasksQuery {
  private activePairs?: { sql: string; parameters: unknown[]; reviewerAt: number };
  private readonly reviews: EntityRows<PeerReviewEntity>;
  private readonly assignments: EntityRows<AssignmentEntity>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.reviews = new EntityRows(dataSource, PeerReviewEntity, 'review');
    this.assignments = new EntityRows(dataSource, AssignmentEntity, 'assignment');
  }

  /** The caller's review tasks by review due date; the id breaks ties (it is random, so it says nothing). */
  async tasks(manager: EntityManager, reviewerId: string, status?: ReviewTaskStatus): Promise<ReviewTask[]> {
    const ids = await this.activePairIds(manager, reviewerId);
    if (ids.length === 0) return [];
    const { reviews, assignments } = this;
    const sql = reviews.statement(`tasks:${status ? 'status' : 'live'}:${ids.length}`, () =>
      [
        `SELECT ${reviews.selectList}, ${assignments.selectList}`,
        `FROM ${reviews.from} LEFT JOIN ${assignments.from}`,
        `ON ${assignments.column('id')} = ${reviews.column('assignment_id')}`,
        `WHERE ${reviews.column('id')} IN (${reviews.placeholders(ids.length)})`,
        `AND ${reviews.column('status')} ${status ? '=' : '<>'} ${reviews.placeholders(1, ids.length)}`,
        `ORDER BY ${assignments.column('review_due_at')} ASC, ${reviews.column('id')} ASC`,
      ].join(' '),
    );
    const rows: Record<string, unknown>[] = await manager.query(sql, [...ids, status ?? PeerReviewStatus.REMOVED]);
    const now = new Date();
    // A reviewer has a handful of tasks per assignment: each assignment is read (and copied) once.
    const assignmentsById = new Map<string, { entity: AssignmentEntity; model: Assignment }>();
    return rows.map((row) => {
      const review = reviews.read(row);
      let assignment = assignmentsById.get(review.assignmentId);
      if (!assignment) {
        const entity = assignments.read(row);
        assignment = { entity, model: Assignment.from(entity) };
        assignmentsById.set(review.assignmentId, assignment);
      }
      return ReviewTask.from(review, assignment.entity, now, assignment.model);
    });
  }

  private async activePairIds(manager: EntityManager, reviewerId: string): Promise<string[]> {
    if (!this.activePairs) {
      const [sql, parameters] = activePairsOfReviewer(manager, REVIEWER).select('pair.id', 'id').getQueryAndParameters();
      const reviewerAt = parameters.indexOf(REVIEWER);
      if (reviewerAt < 0) throw new Error('activePairsOfReviewer no longer binds the reviewer as a parameter');
      this.activePairs = { sql, parameters, reviewerAt };
    }
    const parameters = [...this.activePairs.parameters];
    parameters[this.activePairs.reviewerAt] = reviewerId;
    const rows: { id: string }[] = await manager.query(this.activePairs.sql, parameters);
    return rows.map((row) => row.id);
  }
}
