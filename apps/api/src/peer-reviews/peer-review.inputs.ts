import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ReviewTaskStatus } from './peer-review.model';

export const MAX_REVIEW_COMMENT = 20000;
export const MAX_HELPFULNESS_COMMENT = 2000;

@ArgsType()
export class ReviewTaskFilterArgs {
  @Field(() => ReviewTaskStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ReviewTaskStatus)
  status?: ReviewTaskStatus;
}

@InputType()
export class ReviewScoreInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a rubric criterion id' })
  criterionId: string;

  @Field(() => Int, { description: 'A whole number within the criterion’s scale.' })
  @IsInt()
  score: number;
}

@InputType()
export class SubmitReviewInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a review id' })
  peerReviewId: string;

  @Field(() => [ReviewScoreInput], { description: 'Exactly one score per criterion of the assignment’s rubric.' })
  @ArrayMinSize(1, { message: 'needs a score for every criterion' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReviewScoreInput)
  scores: ReviewScoreInput[];

  @Field({ description: `Markdown, 1 to ${MAX_REVIEW_COMMENT} characters.` })
  @IsString()
  @Length(1, MAX_REVIEW_COMMENT)
  comment: string;
}

@ArgsType()
export class RateReviewArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a review id' })
  peerReviewId: string;

  @Field(() => Int, { description: '1 (not helpful) to 5 (very helpful).' })
  @IsInt()
  @Min(1)
  @Max(5)
  helpfulness: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_HELPFULNESS_COMMENT)
  comment?: string | null;
}

@ArgsType()
export class AssignmentIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;
}
