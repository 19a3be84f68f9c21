import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { EnrollmentEntity, EnrollmentRole } from '../enrollments/enrollment.entity';
import { PeerReviewEntity, PeerReviewStatus } from './peer-review.entity';

/**
 * The pairs a person may act on as reviewer: not removed, and the reviewer still a participant
 * of the assignment's cohort. Someone who was unenrolled keeps no access to the work they were
 * paired with, even before the coach repairs the pairing.
 */
export function activePairsOfReviewer(manager: EntityManager, reviewerId: string): SelectQueryBuilder<PeerReviewEntity> {
  return manager
    .createQueryBuilder(PeerReviewEntity, 'pair')
    .innerJoin(AssignmentEntity, 'pair_assignment', 'pair_assignment.id = pair.assignment_id')
    .innerJoin(CourseModuleEntity, 'pair_module', 'pair_module.id = pair_assignment.module_id')
    .innerJoin(
      EnrollmentEntity,
      'pair_enrollment',
      'pair_enrollment.cohort_id = pair_module.cohort_id AND pair_enrollment.user_id = pair.reviewer_id AND pair_enrollment.role = :participantRole',
      { participantRole: EnrollmentRole.PARTICIPANT },
    )
    .where('pair.reviewer_id = :reviewerId AND pair.status <> :removedStatus', {
      reviewerId,
      removedStatus: PeerReviewStatus.REMOVED,
    });
}
