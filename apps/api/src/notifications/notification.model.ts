import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { NotificationEntity, NotificationKind } from './notification.entity';

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description:
    'PAIRINGS_PUBLISHED and REVIEW_RECEIVED are stored when they happen; SUBMISSION_DUE_SOON and REVIEW_DUE_SOON are computed for deadlines within 48 hours.',
});

@ObjectType({ description: 'An in-app notification of the caller.' })
export class Notification {
  @Field(() => ID, { description: 'A stored notification’s id, or for a deadline reminder its key (e.g. `review-due:<assignmentId>`).' })
  id: string;

  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field()
  message: string;

  @Field(() => ID, { nullable: true })
  assignmentId: string | null;

  @Field({ description: 'For a deadline reminder: 48 hours before the deadline.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  readAt: Date | null;

  static from(entity: Pick<NotificationEntity, 'id' | 'kind' | 'message' | 'assignmentId' | 'createdAt' | 'readAt'>): Notification {
    return Object.assign(new Notification(), {
      id: entity.id,
      kind: entity.kind,
      message: entity.message,
      assignmentId: entity.assignmentId,
      createdAt: entity.createdAt,
      readAt: entity.readAt,
    });
  }
}
