import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In, IsNull, ObjectLiteral, EntityTarget } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { RubricCriterionEntity } from '../assignments/rubric-criterion.entity';
import { BusinessDomainEntity } from '../business-domains/business-domain.entity';
import { CohortEntity } from '../cohorts/cohort.entity';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { EnrollmentEntity, EnrollmentRole } from '../enrollments/enrollment.entity';
import { MunicipalityEntity } from '../municipalities/municipality.entity';
import { UserEntity } from '../users/user.entity';

export interface EnrollmentCounts {
  participants: number;
  coaches: number;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/**
 * Per-request batching: each loader turns the N lookups of one GraphQL response level into one
 * SQL statement. Created fresh for every request so nothing is cached across users.
 */
export class RequestLoaders {
  constructor(private readonly dataSource: DataSource) {}

  private byKey<E extends ObjectLiteral>(entity: EntityTarget<E>, keyProperty: keyof E & string) {
    return new DataLoader<string, E | undefined>(async (keys) => {
      const rows = await this.dataSource.getRepository(entity).find({ where: { [keyProperty]: In([...keys]) } as never });
      const found = new Map(rows.map((row) => [String(row[keyProperty]), row]));
      return keys.map((key) => found.get(key));
    });
  }

  readonly municipality = this.byKey(MunicipalityEntity, 'code');
  readonly businessDomain = this.byKey(BusinessDomainEntity, 'code');
  readonly user = this.byKey(UserEntity, 'id');
  readonly cohort = this.byKey(CohortEntity, 'id');
  readonly courseModule = this.byKey(CourseModuleEntity, 'id');
  readonly assignment = this.byKey(AssignmentEntity, 'id');

  /** Live (not archived) modules of each cohort, in course order. */
  readonly modulesByCohort = new DataLoader<string, CourseModuleEntity[]>(async (cohortIds) => {
    const rows = await this.dataSource.getRepository(CourseModuleEntity).find({
      where: { cohortId: In([...cohortIds]), archivedAt: IsNull() },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    const groups = groupBy(rows, (row) => row.cohortId);
    return cohortIds.map((id) => groups.get(id) ?? []);
  });

  /** Live assignments of each module, by due date. */
  readonly assignmentsByModule = new DataLoader<string, AssignmentEntity[]>(async (moduleIds) => {
    const rows = await this.dataSource.getRepository(AssignmentEntity).find({
      where: { moduleId: In([...moduleIds]), archivedAt: IsNull() },
      order: { dueAt: 'ASC', createdAt: 'ASC' },
    });
    const groups = groupBy(rows, (row) => row.moduleId);
    return moduleIds.map((id) => groups.get(id) ?? []);
  });

  readonly criteriaByAssignment = new DataLoader<string, RubricCriterionEntity[]>(async (assignmentIds) => {
    const rows = await this.dataSource.getRepository(RubricCriterionEntity).find({
      where: { assignmentId: In([...assignmentIds]) },
      order: { position: 'ASC' },
    });
    const groups = groupBy(rows, (row) => row.assignmentId);
    return assignmentIds.map((id) => groups.get(id) ?? []);
  });

  /** Cohort ids each user is enrolled in (any role); feeds the profile-visibility rules. */
  readonly cohortIdsByUser = new DataLoader<string, string[]>(async (userIds) => {
    const rows = await this.dataSource
      .getRepository(EnrollmentEntity)
      .find({ where: { userId: In([...userIds]) }, select: { userId: true, cohortId: true } });
    const groups = groupBy(rows, (row) => row.userId);
    return userIds.map((id) => (groups.get(id) ?? []).map((row) => row.cohortId));
  });

  readonly enrollmentCounts = new DataLoader<string, EnrollmentCounts>(async (cohortIds) => {
    const rows: { cohortId: string; role: EnrollmentRole; count: string | number }[] = await this.dataSource
      .getRepository(EnrollmentEntity)
      .createQueryBuilder('enrollment')
      .select('enrollment.cohort_id', 'cohortId')
      .addSelect('enrollment.role', 'role')
      .addSelect('COUNT(*)', 'count')
      .where('enrollment.cohort_id IN (:...cohortIds)', { cohortIds: [...cohortIds] })
      .groupBy('enrollment.cohort_id')
      .addGroupBy('enrollment.role')
      .getRawMany();
    const counts = new Map<string, EnrollmentCounts>();
    for (const row of rows) {
      const entry = counts.get(row.cohortId) ?? { participants: 0, coaches: 0 };
      if (row.role === EnrollmentRole.COACH) entry.coaches = Number(row.count);
      else entry.participants = Number(row.count);
      counts.set(row.cohortId, entry);
    }
    return cohortIds.map((id) => counts.get(id) ?? { participants: 0, coaches: 0 });
  });
}

@Injectable()
export class RequestLoadersFactory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(): RequestLoaders {
    return new RequestLoaders(this.dataSource);
  }
}
