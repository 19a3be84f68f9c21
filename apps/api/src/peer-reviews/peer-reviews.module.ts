import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeerReviewLoadersFactory } from './peer-review.loaders';
import { AssignmentReviewFieldsResolver, PeerReviewsResolver, ReceivedReviewFieldsResolver, ReviewTaskFieldsResolver } from './peer-reviews.resolver';
import { PeerReviewsService } from './peer-reviews.service';
import { ReviewTasksQuery } from './review-tasks.query';

@Module({
  imports: [AssignmentsModule, NotificationsModule],
  providers: [
    PeerReviewsService,
    ReviewTasksQuery,
    PeerReviewLoadersFactory,
    PeerReviewsResolver,
    ReviewTaskFieldsResolver,
    ReceivedReviewFieldsResolver,
    AssignmentReviewFieldsResolver,
  ],
  exports: [PeerReviewsService],
})
export class PeerReviewsModule {}
