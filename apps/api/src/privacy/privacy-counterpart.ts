import { AnonymityMode } from '../assignments/assignment.entity';
import { seesCounterpart, Viewpoint } from '../peer-reviews/anonymity';

/** The other side of a review pair in the data export: the shape of `Counterpart`, as codes. */
export interface ExportCounterpart {
  hidden: boolean;
  name: string | null;
  municipalityCode: string | null;
  businessDomainCode: string | null;
}

export interface CounterpartPerson {
  name: string;
  municipalityCode: string | null;
  businessDomainCode: string | null;
}

/**
 * The same rule as the GraphQL `Counterpart` (seesCounterpart plus showHiddenAffiliation), so the
 * export never tells the caller more about the other side than the API does: a hidden person has
 * no name and no id of any kind.
 */
export function exportCounterpart(
  person: CounterpartPerson | undefined,
  assignment: { anonymity: AnonymityMode; showHiddenAffiliation: boolean },
  viewpoint: Viewpoint,
): ExportCounterpart {
  const visible = seesCounterpart(assignment.anonymity, viewpoint);
  const affiliation = person && (visible || assignment.showHiddenAffiliation);
  return {
    hidden: !visible,
    name: visible && person ? person.name : null,
    municipalityCode: affiliation ? person.municipalityCode : null,
    businessDomainCode: affiliation ? person.businessDomainCode : null,
  };
}
