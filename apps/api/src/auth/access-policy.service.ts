import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CohortEntity, CohortStatus } from '../cohorts/cohort.entity';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { EnrollmentEntity, EnrollmentRole } from '../enrollments/enrollment.entity';
import { EntityRows } from '../graphql/entity-rows';
import { Actor, isAdmin } from './actor';

export type CohortAccess = 'read' | 'manage';

/**
 * The one place that decides who may see or change what in a cohort:
 * admins everything; a cohort's coaches read and manage it; its participants read it once it
 * is no longer a draft. Memberships are loaded once per request (the actor object is per request).
 */
@Injectable()
export class AccessPolicy {
  private cohortRows?: EntityRows<CohortEntity>;
  private readonly memberships = new WeakMap<Actor, Promise<Map<string, EnrollmentRole>>>();

  // Reads go through the open transaction, if any: on PostgreSQL a repository would take a second
  // pooled connection, which cannot see rows the transaction wrote and, with every connection
  // held by a waiting transaction, would never come.
  constructor(private readonly transactions: TransactionService) {}

  /** The actor's role per cohort id. */
  membershipsOf(actor: Actor): Promise<Map<string, EnrollmentRole>> {
    let memberships = this.memberships.get(actor);
    if (!memberships) {
      memberships = this.transactions.manager
        .find(EnrollmentEntity, { where: { userId: actor.id }, select: { cohortId: true, role: true } })
        .then((rows) => new Map(rows.map((row) => [row.cohortId, row.role])));
      this.memberships.set(actor, memberships);
    }
    return memberships;
  }

  async canAccessCohort(actor: Actor, cohort: Pick<CohortEntity, 'id' | 'status'>, access: CohortAccess): Promise<boolean> {
    if (isAdmin(actor)) return true;
    const role = (await this.membershipsOf(actor)).get(cohort.id);
    if (role === EnrollmentRole.COACH) return true;
    return access === 'read' && role === EnrollmentRole.PARTICIPANT && cohort.status !== CohortStatus.DRAFT;
  }

  /** Loads the cohort and checks access; NOT_FOUND when it does not exist, FORBIDDEN when not allowed. */
  async requireCohort(actor: Actor, cohortId: string, access: CohortAccess, field = 'cohortId'): Promise<CohortEntity> {
    const cohort = await this.cohortById(cohortId);
    if (!cohort) throw new DomainError('NOT_FOUND', `Cohort ${cohortId} does not exist`, [{ field, message: 'does not exist' }]);
    if (!(await this.canAccessCohort(actor, cohort, access))) {
      throw DomainError.forbidden(
        access === 'manage' ? 'Only an admin or a coach of this cohort may change it' : 'You are not enrolled in this cohort',
      );
    }
    return cohort;
  }

  /**
   * The cohort row, through a statement written once (see EntityRows) on the open transaction's
   * manager: every cohort page and most cohort operations start here, and `findOne` builds its
   * statement and hydrates the row through TypeORM's generic pipeline on every call.
   */
  private async cohortById(cohortId: string): Promise<CohortEntity | undefined> {
    const manager = this.transactions.manager;
    this.cohortRows ??= new EntityRows(manager.connection, CohortEntity, 'cohort');
    const rows = this.cohortRows;
    const sql = rows.statement('byId', () => `SELECT ${rows.selectList} FROM ${rows.from} WHERE ${rows.column('id')} = ${rows.placeholders(1)}`);
    const [row]: Record<string, unknown>[] = await manager.query(sql, [cohortId]);
    return row ? rows.read(row) : undefined;
  }

  /** Cohort ids the actor may read, or `undefined` for "all" (admins). */
  async readableCohortIds(actor: Actor): Promise<string[] | undefined> {
    if (isAdmin(actor)) return undefined;
    const memberships = await this.membershipsOf(actor);
    if (memberships.size === 0) return [];
    const cohorts = await this.transactions.manager.find(CohortEntity, {
      where: { id: In([...memberships.keys()]) },
      select: { id: true, status: true },
    });
    const readable = await Promise.all(cohorts.map(async (cohort) => ((await this.canAccessCohort(actor, cohort, 'read')) ? cohort.id : null)));
    return readable.filter((id): id is string => id !== null);
  }

  /** Cohorts the actor coaches (admins: undefined, meaning all). */
  async coachedCohortIds(actor: Actor): Promise<Set<string> | undefined> {
    if (isAdmin(actor)) return undefined;
    const memberships = await this.membershipsOf(actor);
    return new Set([...memberships].filter(([, role]) => role === EnrollmentRole.COACH).map(([id]) => id));
  }

  /**
   * Someone's public profile (name, municipality, domain) is visible to people who share a cohort
   * they may read: a participant of a cohort that is still a DRAFT does not meet its members yet.
   */
  async canSeeProfile(actor: Actor, userId: string, userCohortIds: string[]): Promise<boolean> {
    if (isAdmin(actor) || actor.id === userId) return true;
    const readable = new Set(await this.readableCohortIds(actor));
    return userCohortIds.some((cohortId) => readable.has(cohortId));
  }

  /** Private data (e-mail) is for the person, admins, and the coaches of their cohorts. */
  async canSeePrivateData(actor: Actor, userId: string, userCohortIds: string[]): Promise<boolean> {
    if (isAdmin(actor) || actor.id === userId) return true;
    const coached = await this.coachedCohortIds(actor);
    return userCohortIds.some((cohortId) => coached?.has(cohortId));
  }
}
