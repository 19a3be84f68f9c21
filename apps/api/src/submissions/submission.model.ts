import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import { AttachmentEntity } from './attachment.entity';
import { SubmissionFeedbackEntity } from './submission-feedback.entity';
import { SubmissionEntity } from './submission.entity';

@ObjectType({ description: 'An uploaded file; download it with GET downloadPath and the access token.' })
export class Attachment {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The name it was uploaded with, without any path.' })
  fileName: string;

  @Field()
  contentType: string;

  @Field(() => Int)
  sizeBytes: number;

  @Field({ description: 'SHA-256 of the content, hex.' })
  sha256: string;

  @Field({ description: 'Relative URL of the file (GET with Authorization: Bearer).' })
  downloadPath: string;

  static from(entity: AttachmentEntity): Attachment {
    return Object.assign(new Attachment(), {
      id: entity.id,
      fileName: entity.fileName,
      contentType: entity.contentType,
      sizeBytes: entity.sizeBytes,
      sha256: entity.sha256,
      downloadPath: `/attachments/${entity.id}`,
    });
  }
}

@ObjectType({ description: 'The coach who wrote feedback.' })
export class FeedbackCoach {
  @Field()
  name: string;
}

@ObjectType({ description: 'A coach’s own feedback on a submission; for its author and the cohort’s coaches.' })
export class SubmissionFeedback {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Markdown.' })
  body: string;

  @Field()
  createdAt: Date;

  @Field(() => FeedbackCoach)
  coach: FeedbackCoach;

  static from(entity: SubmissionFeedbackEntity, coachName: string): SubmissionFeedback {
    return Object.assign(new SubmissionFeedback(), {
      id: entity.id,
      body: entity.body,
      createdAt: entity.createdAt,
      coach: Object.assign(new FeedbackCoach(), { name: coachName }),
    });
  }
}

/**
 * One version of a participant's work. Who wrote it is only available through `author`, which
 * applies the assignment's anonymity: there is deliberately no author id field.
 */
@ObjectType()
export class Submission {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  assignmentId: string;

  @Field(() => Int, { description: '1, 2, ...: every resubmission adds a version.' })
  version: number;

  @Field({ description: 'Markdown.' })
  body: string;

  @Field()
  submittedAt: Date;

  @Field({ description: 'Submitted after the due date (accepted because the assignment allows it).' })
  isLate: boolean;

  /** Not a field: resolvers use it to apply the anonymity rule. */
  authorId: string;

  static from(entity: SubmissionEntity): Submission {
    return Object.assign(new Submission(), {
      id: entity.id,
      assignmentId: entity.assignmentId,
      version: entity.version,
      body: entity.body,
      submittedAt: entity.submittedAt,
      isLate: entity.isLate,
      authorId: entity.authorId,
    });
  }
}

@ObjectType()
export class SubmissionConnection extends ConnectionType(Submission) {}
