export { assignReviewers, lastSolverStats, repairAssignment } from './assign';
export { checkPairing, type PairToCheck } from './check';
export { MatchingInputError, type MatchingInputErrorCode } from './errors';
export { explainPair } from './explain';
export { balancedLoadRange, type LoadRange } from './feasibility';
export { DEFAULT_WEIGHTS } from './instance';
export type * from './types';
