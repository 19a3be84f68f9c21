import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import { EnrollmentEntity, EnrollmentRole } from './enrollment.entity';

registerEnumType(EnrollmentRole, { name: 'EnrollmentRole', description: 'A person’s role in one cohort.' });

@ObjectType({ description: 'A person taking part in a cohort, as participant or coach.' })
export class Enrollment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cohortId: string;

  @Field(() => ID)
  userId: string;

  @Field(() => EnrollmentRole)
  role: EnrollmentRole;

  @Field()
  createdAt: Date;

  static from(entity: EnrollmentEntity): Enrollment {
    return Object.assign(new Enrollment(), {
      id: entity.id,
      cohortId: entity.cohortId,
      userId: entity.userId,
      role: entity.role,
      createdAt: entity.createdAt,
    });
  }
}

@ObjectType()
export class EnrollmentConnection extends ConnectionType(Enrollment) {}

@ObjectType()
export class EnrollmentImportResult {
  @Field(() => Int, { description: 'Enrollments created.' })
  enrolled: number;

  @Field(() => Int, { description: 'Accounts created for addresses not known yet (they need an invitation).' })
  createdUsers: number;

  @Field(() => Int, { description: 'Rows that were already enrolled with the same role.' })
  unchanged: number;

  @Field(() => [Enrollment])
  enrollments: Enrollment[];
}
