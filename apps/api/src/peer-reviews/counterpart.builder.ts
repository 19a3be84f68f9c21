import { BusinessDomain } from '../business-domains/business-domain.model';
import type { RequestLoaders } from '../graphql/request-loaders';
import { Municipality } from '../municipalities/municipality.model';
import { AnonymityMode } from '../assignments/assignment.entity';
import { seesCounterpart, Viewpoint } from './anonymity';
import { Counterpart } from './counterpart.model';
import { ReviewParticipant } from './peer-review.model';

async function affiliationOf(
  user: { municipalityCode: string | null; businessDomainCode: string | null },
  loaders: RequestLoaders,
): Promise<{ municipality: Municipality | null; businessDomain: BusinessDomain | null }> {
  const [municipality, businessDomain] = await Promise.all([
    user.municipalityCode ? loaders.municipality.load(user.municipalityCode) : undefined,
    user.businessDomainCode ? loaders.businessDomain.load(user.businessDomainCode) : undefined,
  ]);
  return {
    municipality: municipality ? Municipality.from(municipality) : null,
    businessDomain: businessDomain ? BusinessDomain.from(businessDomain) : null,
  };
}

/**
 * The other side of a pair as `viewpoint` may see them under the assignment's anonymity. A hidden
 * person is not even loaded unless their affiliation is to be shown, and never yields a name or id.
 */
export async function buildCounterpart(
  userId: string,
  assignment: { anonymity: AnonymityMode; showHiddenAffiliation: boolean },
  viewpoint: Viewpoint,
  loaders: RequestLoaders,
): Promise<Counterpart> {
  const visible = seesCounterpart(assignment.anonymity, viewpoint);
  const counterpart = Object.assign(new Counterpart(), { hidden: !visible, name: null, municipality: null, businessDomain: null });
  if (!visible && !assignment.showHiddenAffiliation) return counterpart;
  const user = await loaders.user.load(userId);
  if (!user) return counterpart;
  return Object.assign(counterpart, { name: visible ? user.name : null }, await affiliationOf(user, loaders));
}

/** A person of a pair as coaches and admins see them: everything. */
export async function buildParticipant(userId: string, loaders: RequestLoaders): Promise<ReviewParticipant> {
  const user = await loaders.user.load(userId);
  return Object.assign(
    new ReviewParticipant(),
    { userId, name: user?.name ?? '' },
    user ? await affiliationOf(user, loaders) : { municipality: null, businessDomain: null },
  );
}
