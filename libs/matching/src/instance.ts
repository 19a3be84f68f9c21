import { MatchingInputError } from './errors';
import type { MatchInput, ResolvedWeights } from './types';

/** Weights used when the input gives none: sameDomain 1, repeat 3, repeatMunicipality 1. */
export const DEFAULT_WEIGHTS: ResolvedWeights = { sameDomain: 1, repeat: 3, repeatMunicipality: 1 };
const MAX_WEIGHT = 1_000_000;

export interface HistoryEntry {
  reviewer: number;
  author: number;
  assignmentId?: string;
}

export interface ExistingPair {
  reviewer: number;
  author: number;
  locked: boolean;
}

// The validated input with every id replaced by a dense index, the representation all
// algorithms work on. Participants keep their input order, so index order is deterministic.
export interface Instance {
  participantCount: number;
  ids: string[];
  displayNames: string[];
  indexById: Map<string, number>;
  municipalityOf: Int32Array;
  domainOf: Int32Array;
  municipalityIds: string[];
  municipalityLabels: string[];
  domainIds: string[];
  authors: Int32Array;
  reviewers: Int32Array;
  isAuthor: Uint8Array;
  isReviewer: Uint8Array;
  reviewsPerSubmission: number;
  weights: ResolvedWeights;
  seed: number;
  history: HistoryEntry[];
  // Per participant, sorted: everyone they exchanged a review with (CSR: offsets + values).
  contactOffsets: Int32Array;
  contacts: Int32Array;
  // Per participant, sorted: municipalities of everyone they exchanged a review with.
  metOffsets: Int32Array;
  metMunicipalities: Int32Array;
  forbiddenKeys: Set<number>;
  pinned: Array<[reviewer: number, author: number]>;
  pinnedKeys: Set<number>;
  existingPairs?: ExistingPair[];
  includeExplanations: boolean;
}

export function pairKey(instance: Instance, reviewer: number, author: number): number {
  return reviewer * instance.participantCount + author;
}

function sortedContains(values: Int32Array, from: number, to: number, wanted: number): boolean {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] < wanted) low = middle + 1;
    else high = middle;
  }
  return low < to && values[low] === wanted;
}

export function haveMet(instance: Instance, first: number, second: number): boolean {
  return sortedContains(instance.contacts, instance.contactOffsets[first], instance.contactOffsets[first + 1], second);
}

export function hasMetMunicipality(instance: Instance, participant: number, municipality: number): boolean {
  return sortedContains(
    instance.metMunicipalities,
    instance.metOffsets[participant],
    instance.metOffsets[participant + 1],
    municipality,
  );
}

// Compressed sparse rows from (row, value) pairs, each row's values sorted.
function buildRows(rowCount: number, rows: Int32Array, values: Int32Array): { offsets: Int32Array; sorted: Int32Array } {
  const offsets = new Int32Array(rowCount + 1);
  for (const row of rows) offsets[row + 1]++;
  for (let row = 0; row < rowCount; row++) offsets[row + 1] += offsets[row];
  const fill = offsets.slice(0, rowCount);
  const sorted = new Int32Array(values.length);
  for (let index = 0; index < rows.length; index++) sorted[fill[rows[index]]++] = values[index];
  for (let row = 0; row < rowCount; row++) {
    if (offsets[row + 1] - offsets[row] > 1) sorted.subarray(offsets[row], offsets[row + 1]).sort();
  }
  return { offsets, sorted };
}

function fail(code: ConstructorParameters<typeof MatchingInputError>[0], field: string, message: string): never {
  throw new MatchingInputError(code, field, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    fail('INVALID_VALUE', field, `${field} must be a non-empty string`);
  }
  return value;
}

function optionalArray(value: unknown, field: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail('INVALID_VALUE', field, `${field} must be an array`);
  return value;
}

function readPair(value: unknown, field: string): [string, string, string | undefined] {
  if (Array.isArray(value)) {
    if (value.length !== 2 && value.length !== 3) {
      fail('INVALID_VALUE', field, `${field} must be [reviewerId, authorId]`);
    }
    const label = value.length === 3 ? requireString(value[2], `${field}[2]`) : undefined;
    return [requireString(value[0], `${field}[0]`), requireString(value[1], `${field}[1]`), label];
  }
  if (isRecord(value)) {
    const label =
      value.assignmentId === undefined ? undefined : requireString(value.assignmentId, `${field}.assignmentId`);
    return [
      requireString(value.reviewerId, `${field}.reviewerId`),
      requireString(value.authorId, `${field}.authorId`),
      label,
    ];
  }
  return fail('INVALID_VALUE', field, `${field} must be [reviewerId, authorId] or {reviewerId, authorId}`);
}

function resolveWeights(value: unknown): ResolvedWeights {
  if (value === undefined || value === null) return { ...DEFAULT_WEIGHTS };
  if (!isRecord(value)) fail('INVALID_WEIGHT', 'weights', 'weights must be an object');
  const resolved = { ...DEFAULT_WEIGHTS };
  for (const name of ['sameDomain', 'repeat', 'repeatMunicipality'] as const) {
    const given = value[name];
    if (given === undefined) continue;
    if (typeof given !== 'number' || !Number.isInteger(given) || given < 0 || given > MAX_WEIGHT) {
      fail('INVALID_WEIGHT', `weights.${name}`, `weights.${name} must be an integer from 0 to ${MAX_WEIGHT}`);
    }
    resolved[name] = given;
  }
  return resolved;
}

// Input arrives as untyped JSON, so every field is checked here once; all later code can trust
// the indices. Pinned pairs are validated here because a bad pin is an input error, not infeasibility.
export function buildInstance(raw: MatchInput | unknown): Instance {
  if (!isRecord(raw)) fail('INVALID_VALUE', '$', 'input must be a JSON object');
  const reviewsPerSubmission = raw.reviewsPerSubmission;
  if (
    typeof reviewsPerSubmission !== 'number' ||
    !Number.isInteger(reviewsPerSubmission) ||
    reviewsPerSubmission < 1 ||
    reviewsPerSubmission > 1000
  ) {
    fail(
      'INVALID_REVIEWS_PER_SUBMISSION',
      'reviewsPerSubmission',
      'reviewsPerSubmission must be an integer from 1 to 1000',
    );
  }
  const participantsRaw = optionalArray(raw.participants, 'participants');
  if (participantsRaw === undefined) fail('INVALID_VALUE', 'participants', 'participants is required');

  const participantCount = participantsRaw.length;
  const ids: string[] = [];
  const displayNames: string[] = [];
  const indexById = new Map<string, number>();
  const municipalityOf = new Int32Array(participantCount);
  const domainOf = new Int32Array(participantCount);
  const municipalityIndex = new Map<string, number>();
  const domainIndex = new Map<string, number>();
  const municipalityIds: string[] = [];
  const domainIds: string[] = [];

  participantsRaw.forEach((entry, index) => {
    const field = `participants[${index}]`;
    if (!isRecord(entry)) fail('INVALID_VALUE', field, `${field} must be an object`);
    const id = requireString(entry.id, `${field}.id`);
    if (indexById.has(id)) fail('DUPLICATE_ID', `${field}.id`, `participant id "${id}" occurs more than once`);
    const municipalityId = requireString(entry.municipalityId, `${field}.municipalityId`);
    const domainId = requireString(entry.domainId, `${field}.domainId`);
    indexById.set(id, index);
    ids.push(id);
    displayNames.push(entry.name === undefined ? id : `${requireString(entry.name, `${field}.name`)} (${id})`);
    let municipality = municipalityIndex.get(municipalityId);
    if (municipality === undefined) {
      municipality = municipalityIds.length;
      municipalityIndex.set(municipalityId, municipality);
      municipalityIds.push(municipalityId);
    }
    let domain = domainIndex.get(domainId);
    if (domain === undefined) {
      domain = domainIds.length;
      domainIndex.set(domainId, domain);
      domainIds.push(domainId);
    }
    municipalityOf[index] = municipality;
    domainOf[index] = domain;
  });

  const namesRaw = raw.municipalityNames;
  if (namesRaw !== undefined && namesRaw !== null && !isRecord(namesRaw)) {
    fail('INVALID_VALUE', 'municipalityNames', 'municipalityNames must be an object of id -> name');
  }
  const municipalityLabels = municipalityIds.map((id) => {
    const name = isRecord(namesRaw) ? namesRaw[id] : undefined;
    return typeof name === 'string' && name.length > 0 ? `${id} ${name}` : id;
  });

  const lookup = (id: string, field: string): number => {
    const index = indexById.get(id);
    if (index === undefined) fail('UNKNOWN_ID', field, `${field}: unknown participant id "${id}"`);
    return index;
  };

  const readIdList = (value: unknown, field: string): Int32Array => {
    const list = optionalArray(value, field);
    if (list === undefined) {
      const all = new Int32Array(participantCount);
      for (let index = 0; index < participantCount; index++) all[index] = index;
      return all;
    }
    const seen = new Set<number>();
    const result = new Int32Array(list.length);
    list.forEach((entry, position) => {
      const index = lookup(requireString(entry, `${field}[${position}]`), `${field}[${position}]`);
      if (seen.has(index)) fail('DUPLICATE_ID', `${field}[${position}]`, `${field} lists "${ids[index]}" twice`);
      seen.add(index);
      result[position] = index;
    });
    return result;
  };

  const authors = readIdList(raw.authors, 'authors');
  const reviewers = readIdList(raw.reviewers, 'reviewers');
  const isAuthor = new Uint8Array(participantCount);
  const isReviewer = new Uint8Array(participantCount);
  for (const author of authors) isAuthor[author] = 1;
  for (const reviewer of reviewers) isReviewer[reviewer] = 1;

  const history: HistoryEntry[] = [];
  const historyRaw = optionalArray(raw.history, 'history') ?? [];
  historyRaw.forEach((entry, position) => {
    const field = `history[${position}]`;
    const [reviewerId, authorId, assignmentId] = readPair(entry, field);
    const reviewer = lookup(reviewerId, field);
    const author = lookup(authorId, field);
    if (reviewer === author) fail('INVALID_HISTORY_PAIR', field, `${field}: "${reviewerId}" cannot have reviewed themselves`);
    history.push(assignmentId === undefined ? { reviewer, author } : { reviewer, author, assignmentId });
  });
  const sides = new Int32Array(history.length * 2);
  const partners = new Int32Array(history.length * 2);
  const partnerMunicipalities = new Int32Array(history.length * 2);
  history.forEach(({ reviewer, author }, position) => {
    sides[2 * position] = reviewer;
    partners[2 * position] = author;
    partnerMunicipalities[2 * position] = municipalityOf[author];
    sides[2 * position + 1] = author;
    partners[2 * position + 1] = reviewer;
    partnerMunicipalities[2 * position + 1] = municipalityOf[reviewer];
  });
  const contactRows = buildRows(participantCount, sides, partners);
  const metRows = buildRows(participantCount, sides, partnerMunicipalities);

  const forbiddenKeys = new Set<number>();
  (optionalArray(raw.forbidden, 'forbidden') ?? []).forEach((entry, position) => {
    const field = `forbidden[${position}]`;
    const [reviewerId, authorId] = readPair(entry, field);
    forbiddenKeys.add(lookup(reviewerId, field) * participantCount + lookup(authorId, field));
  });

  const pinned: Array<[number, number]> = [];
  const pinnedKeys = new Set<number>();
  (optionalArray(raw.pinned, 'pinned') ?? []).forEach((entry, position) => {
    const field = `pinned[${position}]`;
    const [reviewerId, authorId] = readPair(entry, field);
    const reviewer = lookup(reviewerId, field);
    const author = lookup(authorId, field);
    const key = reviewer * participantCount + author;
    const pairText = `${field} (${reviewerId} reviews ${authorId})`;
    if (reviewer === author) fail('PINNED_SELF_REVIEW', field, `${pairText}: nobody may review themselves`);
    if (municipalityOf[reviewer] === municipalityOf[author]) {
      fail(
        'PINNED_SAME_MUNICIPALITY',
        field,
        `${pairText}: both are from ${municipalityLabels[municipalityOf[author]]}; reviewer and author must be from different municipalities`,
      );
    }
    if (forbiddenKeys.has(key)) fail('PINNED_FORBIDDEN', field, `${pairText}: the pair is also listed as forbidden`);
    if (!isReviewer[reviewer]) fail('PINNED_REVIEWER_NOT_ELIGIBLE', field, `${pairText}: ${reviewerId} is not among the reviewers`);
    if (!isAuthor[author]) fail('PINNED_AUTHOR_NOT_SUBMITTED', field, `${pairText}: ${authorId} is not among the authors`);
    if (pinnedKeys.has(key)) fail('DUPLICATE_PAIR', field, `${pairText}: the pair is pinned twice; a pair can occur only once`);
    pinnedKeys.add(key);
    pinned.push([reviewer, author]);
  });

  let existingPairs: ExistingPair[] | undefined;
  const existingRaw = optionalArray(raw.existingPairs, 'existingPairs');
  if (existingRaw !== undefined) {
    const seen = new Set<number>();
    existingPairs = existingRaw.map((entry, position) => {
      const field = `existingPairs[${position}]`;
      const [reviewerId, authorId] = readPair(entry, field);
      const reviewer = lookup(reviewerId, field);
      const author = lookup(authorId, field);
      const key = reviewer * participantCount + author;
      if (seen.has(key)) fail('DUPLICATE_PAIR', field, `${field}: ${reviewerId} -> ${authorId} occurs twice`);
      seen.add(key);
      const locked = isRecord(entry) && entry.locked === true;
      return { reviewer, author, locked };
    });
  }

  const seedRaw = raw.seed;
  if (seedRaw !== undefined && (typeof seedRaw !== 'number' || !Number.isSafeInteger(seedRaw))) {
    fail('INVALID_VALUE', 'seed', 'seed must be an integer');
  }
  const includeRaw = raw.includeExplanations;
  if (includeRaw !== undefined && typeof includeRaw !== 'boolean') {
    fail('INVALID_VALUE', 'includeExplanations', 'includeExplanations must be true or false');
  }

  return {
    participantCount,
    ids,
    displayNames,
    indexById,
    municipalityOf,
    domainOf,
    municipalityIds,
    municipalityLabels,
    domainIds,
    authors,
    reviewers,
    isAuthor,
    isReviewer,
    reviewsPerSubmission,
    weights: resolveWeights(raw.weights),
    seed: typeof seedRaw === 'number' ? seedRaw : 0,
    history,
    contactOffsets: contactRows.offsets,
    contacts: contactRows.sorted,
    metOffsets: metRows.offsets,
    metMunicipalities: metRows.sorted,
    forbiddenKeys,
    pinned,
    pinnedKeys,
    existingPairs,
    includeExplanations: includeRaw === true,
  };
}

export function pairCost(instance: Instance, reviewer: number, author: number): number {
  let cost = 0;
  if (instance.domainOf[reviewer] === instance.domainOf[author]) cost += instance.weights.sameDomain;
  if (haveMet(instance, reviewer, author)) cost += instance.weights.repeat;
  if (hasMetMunicipality(instance, reviewer, instance.municipalityOf[author])) cost += instance.weights.repeatMunicipality;
  return cost;
}

// Eligibility (reviewers/authors lists) is checked by the callers, which know the context.
export function isPairAllowed(instance: Instance, reviewer: number, author: number): boolean {
  return (
    reviewer !== author &&
    instance.municipalityOf[reviewer] !== instance.municipalityOf[author] &&
    (instance.forbiddenKeys.size === 0 || !instance.forbiddenKeys.has(reviewer * instance.participantCount + author))
  );
}
