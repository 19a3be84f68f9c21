import { IfPresent } from '../common/if-present.validator';
import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageArgs } from '../common/pagination';
import { IsCalendarDate } from '../common/calendar-date.validator';
import { CohortStatus } from './cohort.entity';

@InputType()
export class CreateCohortInput {
  @Field()
  @IsString()
  @Length(1, 120)
  name: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(10000)
  description: string = '';

  @Field({ description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  startDate: string;

  @Field({ description: 'YYYY-MM-DD, not before startDate' })
  @IsCalendarDate()
  endDate: string;

  @Field(() => CohortStatus, { defaultValue: CohortStatus.DRAFT })
  @IsEnum(CohortStatus)
  status: CohortStatus = CohortStatus.DRAFT;
}

@InputType()
export class UpdateCohortInput {
  @Field({ nullable: true })
  @IfPresent()
  @IsString()
  @Length(1, 120)
  name?: string;

  @Field({ nullable: true })
  @IfPresent()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @Field({ nullable: true })
  @IfPresent()
  @IsCalendarDate()
  startDate?: string;

  @Field({ nullable: true })
  @IfPresent()
  @IsCalendarDate()
  endDate?: string;

  @Field(() => CohortStatus, { nullable: true })
  @IfPresent()
  @IsEnum(CohortStatus)
  status?: CohortStatus;
}

/** Page and filter in one class: two `@Args()` classes would each reject the other's fields. */
@ArgsType()
export class CohortFilterArgs extends PageArgs {
  @Field(() => CohortStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CohortStatus)
  status?: CohortStatus;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeArchived: boolean = false;
}
