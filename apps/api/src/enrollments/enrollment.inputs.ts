import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageArgs } from '../common/pagination';
import { EnrollmentRole } from './enrollment.entity';

@InputType()
export class EnrollUserInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a cohort id' })
  cohortId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be a user id' })
  userId: string;

  @Field(() => EnrollmentRole, { defaultValue: EnrollmentRole.PARTICIPANT })
  @IsEnum(EnrollmentRole)
  role: EnrollmentRole = EnrollmentRole.PARTICIPANT;
}

/** Page and filter in one class: two `@Args()` classes would each reject the other's fields. */
@ArgsType()
export class EnrollmentFilterArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a cohort id' })
  cohortId: string;

  @Field(() => EnrollmentRole, { nullable: true })
  @IsOptional()
  @IsEnum(EnrollmentRole)
  role?: EnrollmentRole;
}

@ArgsType()
export class ImportEnrollmentsArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a cohort id' })
  cohortId: string;

  @Field({ description: 'CSV text with the header name,email,municipality_code,domain_code,role.' })
  @IsString()
  @MaxLength(2_000_000)
  csv: string;
}
