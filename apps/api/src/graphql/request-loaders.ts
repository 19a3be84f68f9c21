import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In, ObjectLiteral } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { RubricCriterionEntity } from '../assignments/rubric-criterion.entity';
import { BusinessDomainEntity } from '../business-domains/business-domain.entity';
import { CohortEntity } from '../cohorts/cohort.entity';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { EnrollmentEntity, EnrollmentRole } from '../enrollments/enrollment.entity';
import { MunicipalityEntity } from '../municipalities/municipality.entity';
import { UserEntity } from '../users/user.entity';
import { EntityRows } from './entity-rows';

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
 * The tables the loaders read, with their statements: built once per application, shared by the
 * loaders of every request (they hold no data).
 */
export class LoaderTables {
  readonly municipalities: EntityRows<MunicipalityEntity>;
  readonly businessDomains: EntityRows<BusinessDomainEntity>;
  readonly users: EntityRows<UserEntity>;
  readonly cohorts: EntityRows<CohortEntity>;
  readonly courseModules: EntityRows<CourseModuleEntity>;
  readonly assignments: EntityRows<AssignmentEntity>;
  readonly criteria: EntityRows<RubricCriterionEntity>;

  constructor(dataSource: DataSource) {
    this.municipalities = new EntityRows(dataSource, MunicipalityEntity, 'municipality');
    this.businessDomains = new EntityRows(dataSource, BusinessDomainEntity, 'domain');
    this.users = new EntityRows(dataSource, UserEntity, 'person');
    this.cohorts = new EntityRows(dataSource, CohortEntity, 'cohort');
    this.courseModules = new EntityRows(dataSource, CourseModuleEntity, 'module');
    this.assignments = new EntityRows(dataSource, AssignmentEntity, 'assignment');
    this.criteria = new EntityRows(dataSource, RubricCriterionEntity, 'criterion');
  }
}

/**
 * Per-request batching: each loader turns the N lookups of one GraphQL response level into one
 * SQL statement. Created fresh for every request so nothing is cached across users.
 */
export class RequestLoaders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: LoaderTables,
  ) {}

  private byKey<E extends ObjectLiteral>(table: (tables: LoaderTables) => EntityRows<E>, keyColumn: string, keyProperty: keyof E & string) {
    return new DataLoader<string, E | undefined>(async (keys) => {
      const found = new Map((await table(this.tables).whereIn(keyColumn, keys)).map((row) => [String(row[keyProperty]), row]));
      return keys.map((key) => found.get(key));
    });
  }

  readonly municipality = this.byKey((tables) => tables.municipalities, 'code', 'code');
  readonly businessDomain = this.byKey((tables) => tables.businessDomains, 'code', 'code');
  readonly user = this.byKey((tables) => tables.users, 'id', 'id');
  readonly cohort = this.byKey((tables) => tables.cohorts, 'id', 'id');
  readonly courseModule = this.byKey((tables) => tables.courseModules, 'id', 'id');
  readonly assignment = this.byKey((tables) => tables.assignments, 'id', 'id');

  /** Live (not archived) modules of each cohort, in course order. */
  readonly modulesByCohort = new DataLoader<string, CourseModuleEntity[]>(async (cohortIds) => {
    const modules = this.tables.courseModules;
    const rows = await modules.whereIn('cohort_id', cohortIds, {
      and: `${modules.column('archived_at')} IS NULL`,
      orderBy: `${modules.column('position')} ASC, ${modules.column('created_at')} ASC`,
    });
    const groups = groupBy(rows, (row) => row.cohortId);
    return cohortIds.map((id) => groups.get(id) ?? []);
  });

  /** Live assignments of each module, by due date. */
  readonly assignmentsByModule = new DataLoader<string, AssignmentEntity[]>(async (moduleIds) => {
    const assignments = this.tables.assignments;
    const rows = await assignments.whereIn('module_id', moduleIds, {
      and: `${assignments.column('archived_at')} IS NULL`,
      orderBy: `${assignments.column('due_at')} ASC, ${assignments.column('created_at')} ASC`,
    });
    const groups = groupBy(rows, (row) => row.moduleId);
    return moduleIds.map((id) => groups.get(id) ?? []);
  });

  readonly criteriaByAssignment = new DataLoader<string, RubricCriterionEntity[]>(async (assignmentIds) => {
    const criteria = this.tables.criteria;
    const rows = await criteria.whereIn('assignment_id', assignmentIds, { orderBy: `${criteria.column('position')} ASC` });
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
  private tables?: LoaderTables;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(): RequestLoaders {
    // Built on first use: the entity metadata is complete once the data source is initialised.
    this.tables ??= new LoaderTables(this.dataSource);
    return new RequestLoaders(this.dataSource, this.tables);
  }
}
