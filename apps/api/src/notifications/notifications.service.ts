import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import type { Actor } from '../auth/actor';
import { CohortEntity, CohortStatus } from '../cohorts/cohort.entity';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { EnrollmentEntity, EnrollmentRole } from '../enrollments/enrollment.entity';
import { PeerReviewStatus } from '../peer-reviews/peer-review.entity';
import { NotificationEntity, NotificationKind } from './notification.entity';
import { Notification } from './notification.model';

/** Deadline reminders start this long before the deadline. */
export const REMINDER_WINDOW_MS = 48 * 3600_000;
const MAX_MESSAGE = 300;
const REMINDER_KINDS = [NotificationKind.SUBMISSION_DUE_SOON, NotificationKind.REVIEW_DUE_SOON];
const REMINDER_KEY = /^(submission-due|review-due):[0-9a-fA-F-]{36}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  /** Unique per user: a second notification with the same key is not stored. */
  key: string;
  message: string;
  assignmentId: string | null;
}

/** A message fits the column: long titles are cut with an ellipsis. */
export function fitMessage(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

const formatDeadline = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The caller's notification list: stored rows (pairings published, review received) plus deadline
 * reminders computed at query time, so they are right without a scheduler. Marking a reminder
 * read stores a row under its key, which is unique per user.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly transactions: TransactionService) {}

  /** Stores notifications inside the caller's transaction; keys that exist already are skipped. */
  async notify(drafts: NotificationDraft[]): Promise<void> {
    if (!drafts.length) return;
    await this.transactions.manager
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values(drafts.map((draft) => ({ ...draft, message: fitMessage(draft.message), readAt: null })))
      .orIgnore()
      .execute();
  }

  /** Newest first. Three statements, however many assignments there are. */
  async list(actor: Actor, unreadOnly: boolean): Promise<Notification[]> {
    const all = await this.collect(this.transactions.manager, actor.id, new Date());
    return unreadOnly ? all.filter((notification) => notification.readAt === null) : all;
  }

  markRead(actor: Actor, id: string): Promise<Notification> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const notFound = new DomainError('NOT_FOUND', `Notification ${id} does not exist`, [{ field: 'id', message: 'does not exist' }]);
      if (REMINDER_KEY.test(id)) {
        const [reminder] = (await this.reminders(manager, actor.id, now)).filter((candidate) => candidate.id === id);
        const marker = await manager.findOne(NotificationEntity, { where: { userId: actor.id, key: id } });
        if (!reminder) {
          // The deadline passed (or the work was handed in) after it was marked read.
          if (marker) return Notification.from({ ...marker, id: marker.key });
          throw notFound;
        }
        if (!marker) {
          await manager.insert(NotificationEntity, {
            userId: actor.id,
            kind: reminder.kind,
            key: id,
            message: fitMessage(reminder.message),
            assignmentId: reminder.assignmentId,
            readAt: now,
          });
        } else if (!marker.readAt) {
          await manager.update(NotificationEntity, { id: marker.id }, { readAt: now });
        }
        return Object.assign(reminder, { readAt: marker?.readAt ?? now });
      }
      // PostgreSQL refuses a malformed uuid; anything that is not one cannot be a notification.
      if (!UUID.test(id)) throw notFound;
      const row = await manager.findOne(NotificationEntity, { where: { id, userId: actor.id } });
      if (!row) throw notFound;
      if (!row.readAt) {
        row.readAt = now;
        await manager.update(NotificationEntity, { id: row.id }, { readAt: now });
      }
      return Notification.from(REMINDER_KINDS.includes(row.kind) ? { ...row, id: row.key } : row);
    });
  }

  /** Marks every unread notification read, reminders included; returns how many were unread. */
  markAllRead(actor: Actor): Promise<number> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const unread = (await this.collect(manager, actor.id, now)).filter((notification) => notification.readAt === null);
      const storedIds = unread.filter((notification) => !REMINDER_KEY.test(notification.id)).map((notification) => notification.id);
      const reminders = unread.filter((notification) => REMINDER_KEY.test(notification.id));
      if (storedIds.length) await manager.update(NotificationEntity, { id: In(storedIds), userId: actor.id }, { readAt: now });
      if (reminders.length) {
        // A marker can exist unread only if someone stored it so; update those, insert the rest.
        await manager.update(NotificationEntity, { userId: actor.id, key: In(reminders.map((r) => r.id)), readAt: IsNull() }, { readAt: now });
        await manager
          .createQueryBuilder()
          .insert()
          .into(NotificationEntity)
          .values(
            reminders.map((reminder) => ({
              userId: actor.id,
              kind: reminder.kind,
              key: reminder.id,
              message: fitMessage(reminder.message),
              assignmentId: reminder.assignmentId,
              readAt: now,
            })),
          )
          .orIgnore()
          .execute();
      }
      return unread.length;
    });
  }

  private async collect(manager: EntityManager, userId: string, now: Date): Promise<Notification[]> {
    // One after the other: inside a transaction they share one connection.
    const stored = await manager.find(NotificationEntity, { where: { userId } });
    const reminders = await this.reminders(manager, userId, now);
    const markers = new Map(stored.filter((row) => REMINDER_KINDS.includes(row.kind)).map((row) => [row.key, row]));
    const notifications = [
      ...stored.filter((row) => !REMINDER_KINDS.includes(row.kind)).map((row) => Notification.from(row)),
      ...reminders.map((reminder) => Object.assign(reminder, { readAt: markers.get(reminder.id)?.readAt ?? null })),
    ];
    return notifications.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  /**
   * Deadlines within the next 48 hours, two statements in all: assignments of live cohorts the
   * user takes part in and has not handed in yet, and assignments where they still owe a review.
   */
  private async reminders(manager: EntityManager, userId: string, now: Date): Promise<Notification[]> {
    const soon = new Date(now.getTime() + REMINDER_WINDOW_MS);
    const live = () =>
      manager
        .createQueryBuilder(AssignmentEntity, 'assignment')
        .innerJoin(CourseModuleEntity, 'module', 'module.id = assignment.module_id')
        .innerJoin(CohortEntity, 'cohort', 'cohort.id = module.cohort_id')
        .where('cohort.status = :active AND cohort.archived_at IS NULL AND module.archived_at IS NULL AND assignment.archived_at IS NULL')
        .select(['assignment.id', 'assignment.title', 'assignment.dueAt', 'assignment.reviewDueAt'])
        .setParameters({ active: CohortStatus.ACTIVE, userId, now, soon });
    const submissionsDue = await live()
      .innerJoin(EnrollmentEntity, 'enrollment', 'enrollment.cohort_id = cohort.id AND enrollment.user_id = :userId AND enrollment.role = :participant', {
        participant: EnrollmentRole.PARTICIPANT,
      })
      .andWhere('assignment.due_at > :now AND assignment.due_at <= :soon')
      .andWhere('NOT EXISTS (SELECT 1 FROM submissions submission WHERE submission.assignment_id = assignment.id AND submission.author_id = :userId)')
      .getMany();
    const reviewsDue = await live()
      .andWhere('assignment.review_due_at > :now AND assignment.review_due_at <= :soon')
      .andWhere(
        'EXISTS (SELECT 1 FROM peer_reviews review WHERE review.assignment_id = assignment.id AND review.reviewer_id = :userId AND review.status = :assigned)',
        { assigned: PeerReviewStatus.ASSIGNED },
      )
      .getMany();
    return [
      ...submissionsDue.map((assignment) =>
        reminder(
          NotificationKind.SUBMISSION_DUE_SOON,
          `submission-due:${assignment.id}`,
          assignment.id,
          assignment.dueAt,
          `Your work for “${assignment.title}” is due ${formatDeadline(assignment.dueAt)}.`,
        ),
      ),
      ...reviewsDue.map((assignment) =>
        reminder(
          NotificationKind.REVIEW_DUE_SOON,
          `review-due:${assignment.id}`,
          assignment.id,
          assignment.reviewDueAt,
          `Your review for “${assignment.title}” is due ${formatDeadline(assignment.reviewDueAt)}.`,
        ),
      ),
    ];
  }
}

function reminder(kind: NotificationKind, key: string, assignmentId: string, deadline: Date, message: string): Notification {
  return Notification.from({
    id: key,
    kind,
    message: fitMessage(message),
    assignmentId,
    createdAt: new Date(deadline.getTime() - REMINDER_WINDOW_MS),
    readAt: null,
  });
}
