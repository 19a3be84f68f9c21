import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsString, IsUUID, Length } from 'class-validator';
import { PageArgs } from '../common/pagination';

export const MAX_ATTACHMENTS_PER_SUBMISSION = 10;

@InputType()
export class SubmitAssignmentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;

  @Field({ description: 'Markdown, 1 to 100000 characters.' })
  @IsString()
  @Length(1, 100000)
  body: string;

  @Field(() => [ID], { defaultValue: [], description: `Ids from POST /attachments, at most ${MAX_ATTACHMENTS_PER_SUBMISSION}.` })
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS_PER_SUBMISSION)
  @IsUUID('all', { each: true, message: 'must be an attachment id' })
  attachmentIds: string[] = [];
}

@ArgsType()
export class SubmissionListArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;
}

@ArgsType()
export class AddSubmissionFeedbackArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a submission id' })
  submissionId: string;

  @Field({ description: 'Markdown, 1 to 50000 characters.' })
  @IsString()
  @Length(1, 50000)
  body: string;
}
