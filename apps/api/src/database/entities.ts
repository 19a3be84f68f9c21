import { AssignmentEntity } from '../assignments/assignment.entity';
import { RubricCriterionEntity } from '../assignments/rubric-criterion.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { PasswordTokenEntity } from '../auth/password-token.entity';
import { RefreshTokenEntity } from '../auth/refresh-token.entity';
import { BusinessDomainEntity } from '../business-domains/business-domain.entity';
import { CohortEntity } from '../cohorts/cohort.entity';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { MunicipalityEntity } from '../municipalities/municipality.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { AssignmentPairingEntity } from '../pairings/assignment-pairing.entity';
import { PairingConstraintEntity } from '../pairings/pairing-constraint.entity';
import { PeerReviewScoreEntity } from '../peer-reviews/peer-review-score.entity';
import { PeerReviewEntity } from '../peer-reviews/peer-review.entity';
import { AttachmentEntity } from '../submissions/attachment.entity';
import { SubmissionFeedbackEntity } from '../submissions/submission-feedback.entity';
import { SubmissionEntity } from '../submissions/submission.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [
  MunicipalityEntity,
  BusinessDomainEntity,
  UserEntity,
  CohortEntity,
  EnrollmentEntity,
  CourseModuleEntity,
  AssignmentEntity,
  RubricCriterionEntity,
  AuditEntryEntity,
  RefreshTokenEntity,
  PasswordTokenEntity,
  SubmissionEntity,
  AttachmentEntity,
  SubmissionFeedbackEntity,
  AssignmentPairingEntity,
  PairingConstraintEntity,
  PeerReviewEntity,
  PeerReviewScoreEntity,
  NotificationEntity,
];
