import { AssignmentEntity } from '../assignments/assignment.entity';
import { BusinessDomain } from '../business-domains/business-domain.model';
import { Municipality } from '../municipalities/municipality.model';
import { seesCounterpart, Viewpoint } from '../peer-reviews/anonymity';
import { Counterpart } from '../peer-reviews/counterpart.model';

export interface AuthorProfile {
  name: string;
  municipality: Municipality | null;
  businessDomain: BusinessDomain | null;
}

/**
 * The author of a submission as `viewpoint` may see them: the author always sees themself;
 * otherwise the assignment's anonymity decides, and a hidden author keeps their municipality and
 * domain only when the assignment shows affiliations. Never an id.
 */
export function authorCounterpart(
  assignment: Pick<AssignmentEntity, 'anonymity' | 'showHiddenAffiliation'>,
  viewpoint: Viewpoint,
  profile: AuthorProfile,
): Counterpart {
  const hidden = viewpoint !== 'AUTHOR' && !seesCounterpart(assignment.anonymity, viewpoint);
  const showAffiliation = !hidden || assignment.showHiddenAffiliation;
  return Object.assign(new Counterpart(), {
    hidden,
    name: hidden ? null : profile.name,
    municipality: showAffiliation ? profile.municipality : null,
    businessDomain: showAffiliation ? profile.businessDomain : null,
  });
}
