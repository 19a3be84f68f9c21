import { IfPresent } from '../common/if-present.validator';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { PageArgs } from '../common/pagination';

@InputType()
export class CreateCourseModuleInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a cohort id' })
  cohortId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(20000)
  description: string = '';

  @Field(() => Int, { nullable: true, description: 'Defaults to after the last module.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  position?: number;

  @Field()
  @IsDate()
  opensAt: Date;

  @Field()
  @IsDate()
  closesAt: Date;
}

@InputType()
export class UpdateCourseModuleInput {
  @Field({ nullable: true })
  @IfPresent()
  @IsString()
  @Length(1, 200)
  title?: string;

  @Field({ nullable: true })
  @IfPresent()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @Field(() => Int, { nullable: true })
  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(1000)
  position?: number;

  @Field({ nullable: true })
  @IfPresent()
  @IsDate()
  opensAt?: Date;

  @Field({ nullable: true })
  @IfPresent()
  @IsDate()
  closesAt?: Date;
}

/** Page and filter in one class: two `@Args()` classes would each reject the other's fields. */
@ArgsType()
export class CourseModuleFilterArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a cohort id' })
  cohortId: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeArchived: boolean = false;
}
