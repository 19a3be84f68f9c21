import type { AnonymityMode } from '../../src/assignments/assignment.entity';
import type { CohortStatus } from '../../src/cohorts/cohort.entity';
import { Names } from '../../src/reports/report-builder';
import type { AtRiskReason, CohortReport } from '../../src/reports/report.model';

/** Names a spreadsheet program would run as formulas if they were written as formulas or read as typed input. */
export const FORMULA_NAMES = [`=cmd|' /C calc'!A0`, '+1', '-1', '@SUM(1)', '\tTab', '=HYPERLINK("x")'] as const;

const amsterdam = { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland' };
const denHaag = { code: 'GM0518', name: `'s-Gravenhage`, province: 'Zuid-Holland' };
const ia = { code: 'IA', nameNl: 'Informatievoorziening en ICT (I&A)', nameEn: 'Information management and ICT', descriptionNl: 'Informatievoorziening' };
const bz = { code: 'BZ', nameNl: 'Burgerzaken', nameEn: 'Civil affairs', descriptionNl: 'Burgerzaken' };

/**
 * A hand-made CohortReport for the unit tests of the report writers: every kind of cell (text with
 * formula characters, quotes and a line break, integers, fractions, dates, booleans, nulls).
 */
export function sampleReport(): CohortReport {
  const participant = (name: string, municipality: typeof amsterdam | null, domain: typeof ia | null, atRiskReasons: string[]) => ({
    userId: `user-${name.length}`,
    name,
    municipality,
    businessDomain: domain,
    submissions: 1,
    late: 0,
    missing: atRiskReasons.includes('MISSING_SUBMISSIONS') ? 2 : 0,
    pending: 0,
    reviewsAssigned: 2,
    reviewsDone: 1,
    reviewsOverdue: atRiskReasons.includes('OVERDUE_REVIEWS') ? 1 : 0,
    reviewsReceived: 1,
    distinctMunicipalities: 2,
    distinctDomains: 1,
    atRisk: atRiskReasons.length > 0,
    atRiskReasons: atRiskReasons as AtRiskReason[],
  });
  return {
    cohortId: '00000000-0000-4000-8000-000000000001',
    cohortName: 'Voorjaar 2026: Data & "Privacy"',
    cohortStatus: 'ACTIVE' as CohortStatus,
    generatedAt: new Date('2026-03-01T12:00:00.000Z'),
    totals: {
      participants: 3, assignments: 1, expectedSubmissions: 3, submitted: 2, onTime: 1, late: 1, missing: 1, pending: 0,
      reviewsAssigned: 2, reviewsDone: 1, reviewsOverdue: 1, helpfulnessRatings: 3, helpfulnessMean: 11 / 3, atRiskParticipants: 2,
    },
    assignments: [
      {
        assignmentId: 'assignment-1',
        title: FORMULA_NAMES[5],
        moduleId: 'module-1',
        moduleTitle: 'Module 1, "Basis"',
        dueAt: new Date('2026-02-10T23:59:00.000Z'),
        reviewDueAt: new Date('2026-02-17T08:30:00.000Z'),
        anonymity: 'DOUBLE_BLIND' as AnonymityMode,
        enrolled: 3, submitted: 2, onTime: 1, late: 1, missing: 1, pending: 0,
        reviewsAssigned: 2, reviewsDone: 1, reviewsOverdue: 1, helpfulnessRatings: 3, helpfulnessMean: 11 / 3,
        rubric: [
          { criterionId: 'c1', title: 'Volledigheid', position: 0, minScore: 1, maxScore: 5, scores: 3, mean: 10 / 3, standardDeviation: Math.sqrt(2 / 9) },
          { criterionId: 'c2', title: 'Toepasbaarheid', position: 1, minScore: 0, maxScore: 10, scores: 0, mean: null, standardDeviation: null },
        ],
      },
    ],
    participants: [
      participant(FORMULA_NAMES[0], amsterdam, ia, ['OVERDUE_REVIEWS']),
      participant(FORMULA_NAMES[1], denHaag, bz, []),
      participant(FORMULA_NAMES[2], null, null, ['MISSING_SUBMISSIONS', 'OVERDUE_REVIEWS']),
      participant(FORMULA_NAMES[3], amsterdam, bz, []),
      participant(FORMULA_NAMES[4], denHaag, ia, []),
      participant('Jansen, "Piet"\nTweede regel', amsterdam, ia, []),
    ],
    network: {
      cohortId: 'cohort-1',
      names: new Names({ municipalities: [amsterdam, denHaag], domains: [ia, bz] }),
      summary: {
        reviews: 1, crossDomainReviews: 1, crossDomainShare: 1, crossMunicipalityReviews: 1, crossMunicipalityShare: 1,
        municipalities: 2, municipalityCells: 2, domains: 2, meanDistinctMunicipalities: 2, meanDistinctDomains: 1,
      },
      municipalityMatrix: [
        { reviewerMunicipality: denHaag, authorMunicipality: amsterdam, reviews: 1 },
        { reviewerMunicipality: null, authorMunicipality: amsterdam, reviews: 2 },
      ],
      domainMatrix: [
        { reviewerDomain: bz, authorDomain: ia, reviews: 1 },
        { reviewerDomain: ia, authorDomain: null, reviews: 2 },
      ],
    },
  };
}
