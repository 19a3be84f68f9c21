import { IfPresent } from '../common/if-present.validator';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../common/pagination';
import { AnonymityMode } from './assignment.entity';

@InputType()
export class RubricCriterionInput {
  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(2000)
  description: string = '';

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(0)
  @Max(100)
  minScore: number = 1;

  @Field(() => Int, { defaultValue: 5 })
  @IsInt()
  @Min(1)
  @Max(100)
  maxScore: number = 5;
}

@InputType()
export class CreateAssignmentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a module id' })
  moduleId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  title: string;

  @Field({ defaultValue: '', description: 'Markdown.' })
  @IsString()
  @MaxLength(50000)
  instructions: string = '';

  @Field({ description: 'Inside the module’s window.' })
  @IsDate()
  dueAt: Date;

  @Field({ description: 'After dueAt.' })
  @IsDate()
  reviewDueAt: Date;

  @Field(() => Int, { defaultValue: 2 })
  @IsInt()
  @Min(1)
  @Max(10)
  reviewsPerSubmission: number = 2;

  @Field(() => AnonymityMode, { defaultValue: AnonymityMode.DOUBLE_BLIND })
  @IsEnum(AnonymityMode)
  anonymity: AnonymityMode = AnonymityMode.DOUBLE_BLIND;

  @Field({ defaultValue: true })
  @IsBoolean()
  showHiddenAffiliation: boolean = true;

  @Field({ defaultValue: true })
  @IsBoolean()
  allowLateSubmissions: boolean = true;

  @Field({ defaultValue: false, description: 'Show authors their reviews at once instead of after reviewDueAt.' })
  @IsBoolean()
  releaseReviewsImmediately: boolean = false;

  @Field(() => [RubricCriterionInput])
  @ArrayMinSize(1, { message: 'needs at least one criterion' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RubricCriterionInput)
  rubric: RubricCriterionInput[];
}

@InputType()
export class UpdateAssignmentInput {
  @Field({ nullable: true })
  @IfPresent()
  @IsString()
  @Length(1, 200)
  title?: string;

  @Field({ nullable: true })
  @IfPresent()
  @IsString()
  @MaxLength(50000)
  instructions?: string;

  @Field({ nullable: true })
  @IfPresent()
  @IsDate()
  dueAt?: Date;

  @Field({ nullable: true })
  @IfPresent()
  @IsDate()
  reviewDueAt?: Date;

  @Field(() => Int, { nullable: true })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(10)
  reviewsPerSubmission?: number;

  @Field(() => AnonymityMode, { nullable: true })
  @IfPresent()
  @IsEnum(AnonymityMode)
  anonymity?: AnonymityMode;

  @Field({ nullable: true })
  @IfPresent()
  @IsBoolean()
  showHiddenAffiliation?: boolean;

  @Field({ nullable: true })
  @IfPresent()
  @IsBoolean()
  allowLateSubmissions?: boolean;

  @Field({ nullable: true })
  @IfPresent()
  @IsBoolean()
  releaseReviewsImmediately?: boolean;

  @Field(() => [RubricCriterionInput], { nullable: true, description: 'Replaces the whole rubric.' })
  @IfPresent()
  @ArrayMinSize(1, { message: 'needs at least one criterion' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RubricCriterionInput)
  rubric?: RubricCriterionInput[];
}

/** Page and filter in one class: two `@Args()` classes would each reject the other's fields. */
@ArgsType()
export class AssignmentFilterArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a cohort id' })
  cohortId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a module id' })
  moduleId?: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeArchived: boolean = false;
}
