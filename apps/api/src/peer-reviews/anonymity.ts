import { AnonymityMode } from '../assignments/assignment.entity';

/** How a person relates to a piece of peer-review work: which side of it they are on. */
export type Viewpoint = 'AUTHOR' | 'REVIEWER' | 'MANAGER';

/**
 * Whether `viewpoint` may learn the identity of the other side of a review pair.
 * OPEN: both ways. SINGLE_BLIND: reviewers see authors, authors do not see reviewers.
 * DOUBLE_BLIND: neither. Coaches and admins (MANAGER) always see both.
 */
export function seesCounterpart(mode: AnonymityMode, viewpoint: Viewpoint): boolean {
  if (viewpoint === 'MANAGER' || mode === AnonymityMode.OPEN) return true;
  if (mode === AnonymityMode.SINGLE_BLIND) return viewpoint === 'REVIEWER';
  return false;
}
