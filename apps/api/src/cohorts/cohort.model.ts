import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import { CohortEntity, CohortStatus } from './cohort.entity';

registerEnumType(CohortStatus, {
  name: 'CohortStatus',
  description: 'DRAFT: being prepared, visible to admins and coaches only. ACTIVE: running. CLOSED: finished.',
});

@ObjectType({ description: 'One run of the course with its own participants, coaches and modules.' })
export class Cohort {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  description: string;

  @Field({ description: 'First day, YYYY-MM-DD.' })
  startDate: string;

  @Field({ description: 'Last day, YYYY-MM-DD.' })
  endDate: string;

  @Field(() => CohortStatus)
  status: CohortStatus;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field()
  createdAt: Date;

  static from(entity: CohortEntity): Cohort {
    return Object.assign(new Cohort(), {
      id: entity.id,
      name: entity.name,
      description: entity.description,
      startDate: entity.startDate,
      endDate: entity.endDate,
      status: entity.status,
      archivedAt: entity.archivedAt,
      createdAt: entity.createdAt,
    });
  }
}

@ObjectType()
export class CohortConnection extends ConnectionType(Cohort) {}

@ObjectType()
export class EnrollmentCountsModel {
  @Field(() => Int)
  participants: number;

  @Field(() => Int)
  coaches: number;
}
