import {
  createAssignment,
  createPairingCohort,
  createPerson,
  expectError,
  storePairingSubmission,
  PairingCohortFixture,
  PairingMemberSpec,
  PersonFixture,
  rejects,
} from './support/fixtures';
import { countStatements } from './support/statement-counter';
import { fails, loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

const PERSON = 'userId name municipality { code name } businessDomain { code }';
const PREVIEW = `query ($assignmentId: ID!, $options: PairingPreviewOptions) {
  previewPeerReviewPairings(assignmentId: $assignmentId, options: $options) {
    status published cost
    pairs { reviewer { ${PERSON} } author { ${PERSON} } pinned sameDomain repeat municipalityMetBefore cost }
    metrics { sameDomainPairs repeatedPairs repeatedMunicipalityPairs reviewerLoadMin reviewerLoadMax authors reviewers }
    reasons { code message }
    maxFeasibleReviewsPerSubmission
    diff { kept added removed addedPairs { reviewer { userId } author { userId } } removedPairs { reviewer { userId } author { userId } reason message } }
  }
}`;
const PIN = `mutation ($assignmentId: ID!, $reviewerId: ID!, $authorId: ID!) {
  pinPeerReviewPair(assignmentId: $assignmentId, reviewerId: $reviewerId, authorId: $authorId) { id kind reviewer { name } author { name } }
}`;
const FORBID = `mutation ($assignmentId: ID!, $reviewerId: ID!, $authorId: ID!) {
  forbidPeerReviewPair(assignmentId: $assignmentId, reviewerId: $reviewerId, authorId: $authorId) { id kind }
}`;
const CLEAR = `mutation ($assignmentId: ID!, $reviewerId: ID!, $authorId: ID!) {
  clearPeerReviewPairConstraint(assignmentId: $assignmentId, reviewerId: $reviewerId, authorId: $authorId)
}`;
const PAIR = `id status origin submissionVersion changedBy { name } reviewer { userId name municipality { code } } author { userId name municipality { code } }`;
const PUBLISHED = `assignmentId version publishedAt pairs { ${PAIR} }`;
const PUBLISH = `mutation ($assignmentId: ID!, $seed: Int) { publishPeerReviewPairings(assignmentId: $assignmentId, seed: $seed) { ${PUBLISHED} } }`;
const SWAP = `mutation ($pairA: ID!, $pairB: ID!, $expectedVersion: Int!) { swapPeerReviewers(pairA: $pairA, pairB: $pairB, expectedVersion: $expectedVersion) { ${PUBLISHED} } }`;
const REMOVE = `mutation ($pairId: ID!, $expectedVersion: Int!) { removePeerReviewPair(pairId: $pairId, expectedVersion: $expectedVersion) { ${PUBLISHED} } }`;
const REPAIR = `mutation ($assignmentId: ID!, $expectedVersion: Int!, $seed: Int) {
  applyPeerReviewRepair(assignmentId: $assignmentId, expectedVersion: $expectedVersion, seed: $seed) { ${PUBLISHED} }
}`;
const PAIRS = `query ($assignmentId: ID!) {
  peerReviewPairs(assignmentId: $assignmentId) {
    ${PAIR}
    explanation { hardRules softCosts { kind weight detail } cost messages lastChange { action at actor { name } } }
  }
}`;
const AUDIT = `query ($assignmentId: ID!) { pairingAuditLog(assignmentId: $assignmentId) { action at actor { name } details } }`;
const CURRENT = `query ($assignmentId: ID!) { publishedPeerReviewPairing(assignmentId: $assignmentId) { ${PUBLISHED} } }`;

/** Ten people from five municipalities, two each, in four domains. */
const MEMBERS: PairingMemberSpec[] = [
  { name: 'Ruud', municipalityCode: 'GM0363', businessDomainCode: 'IA' },
  { name: 'Sanne', municipalityCode: 'GM0363', businessDomainCode: 'SD' },
  { name: 'Joost', municipalityCode: 'GM0599', businessDomainCode: 'IA' },
  { name: 'Fatima', municipalityCode: 'GM0599', businessDomainCode: 'BZ' },
  { name: 'Marleen', municipalityCode: 'GM0518', businessDomainCode: 'SD' },
  { name: 'Pieter', municipalityCode: 'GM0518', businessDomainCode: 'IA' },
  { name: 'Anne', municipalityCode: 'GM0344', businessDomainCode: 'BZ' },
  { name: 'Kees', municipalityCode: 'GM0344', businessDomainCode: 'SD' },
  { name: 'Lotte', municipalityCode: 'GM0014', businessDomainCode: 'IA' },
  { name: 'Bram', municipalityCode: 'GM0014', businessDomainCode: 'DV' },
];

interface Person {
  userId: string;
  name: string;
  municipality: { code: string } | null;
}
interface Pair {
  id: string;
  status: string;
  origin: string;
  submissionVersion: number | null;
  changedBy: { name: string } | null;
  reviewer: Person;
  author: Person;
}
interface PreviewPair {
  reviewer: Person;
  author: Person;
  pinned: boolean;
  repeat: boolean;
  cost: number;
}

const pairKey = (pair: { reviewer: { userId: string }; author: { userId: string } }) => `${pair.reviewer.userId}>${pair.author.userId}`;

function expectValidPairing(pairs: Array<{ reviewer: Person; author: Person }>, authors: string[], k: number, reviewers: number): void {
  for (const pair of pairs) {
    expect(pair.reviewer.userId).not.toBe(pair.author.userId);
    expect(pair.reviewer.municipality!.code).not.toBe(pair.author.municipality!.code);
  }
  expect(new Set(pairs.map(pairKey)).size).toBe(pairs.length);
  for (const author of authors) expect(pairs.filter((pair) => pair.author.userId === author)).toHaveLength(k);
  const loads = new Map<string, number>();
  for (const pair of pairs) loads.set(pair.reviewer.userId, (loads.get(pair.reviewer.userId) ?? 0) + 1);
  const values = [...loads.values(), ...Array(reviewers - loads.size).fill(0)];
  expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
}

describe('peer-review pairings', () => {
  let t: TestApp;
  let admin: string;
  let cohort: PairingCohortFixture;
  let m: PersonFixture[];
  let coach: string;
  let assignmentId: string;
  let earlierAssignmentId: string;
  let otherCoach: PersonFixture;
  /** The assignment of the due-date test: a second, smaller published pairing. */
  let smallAssignmentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    cohort = await createPairingCohort(t.http, admin, MEMBERS);
    m = cohort.members;
    coach = cohort.coach.token;
    assignmentId = cohort.assignmentId;
    // Bram submits late, after publication; everyone else on time.
    for (const member of m.slice(0, 9)) await storePairingSubmission(t, assignmentId, member.id);
    // An earlier assignment of the cohort: Joost reviewed Ruud there.
    earlierAssignmentId = await createAssignment(t.http, admin, cohort.moduleId, { title: 'Eerdere opdracht' });
    const submissionId = await storePairingSubmission(t, earlierAssignmentId, m[0].id);
    await t.dataSource.getRepository('PeerReviewEntity').insert({
      id: globalThis.crypto.randomUUID(),
      assignmentId: earlierAssignmentId,
      reviewerId: m[2].id,
      authorId: m[0].id,
      submissionId,
      status: 'SUBMITTED',
      origin: 'MATCHED',
    });
    const other = await createPairingCohort(t.http, admin, []);
    otherCoach = other.coach;
  });
  afterAll(() => t.close());

  const preview = async (options?: Record<string, unknown>, token = coach) =>
    (await ok(t.http, PREVIEW, { assignmentId, options }, token)).previewPeerReviewPairings;
  const pairsOf = async (token = coach): Promise<Array<Pair & { explanation: Record<string, any> }>> =>
    (await ok(t.http, PAIRS, { assignmentId }, token)).peerReviewPairs;
  const versionOf = async (): Promise<number> => (await ok(t.http, CURRENT, { assignmentId }, coach)).publishedPeerReviewPairing.version;

  it('previews a valid pairing with names, metrics and costs, and stores nothing', async () => {
    const before = await snapshotDatabase(t.dataSource);
    const result = await preview({ seed: 7 });
    expect(await snapshotDatabase(t.dataSource)).toBe(before);
    expect(result).toMatchObject({ status: 'OK', published: false, reasons: [], diff: null, maxFeasibleReviewsPerSubmission: null });
    expect(result.pairs).toHaveLength(18);
    expectValidPairing(result.pairs, m.slice(0, 9).map((p) => p.id), 2, 10);
    expect(result.metrics).toMatchObject({ authors: 9, reviewers: 10, reviewerLoadMin: 1, reviewerLoadMax: 2 });
    // Joost reviewed Ruud before: the optimum avoids meeting again.
    expect(result.metrics.repeatedPairs).toBe(0);
    expect(result.pairs[0].reviewer).toMatchObject({ name: expect.any(String), municipality: { name: expect.any(String) } });
    expect(result.cost).toBe(result.pairs.reduce((sum: number, pair: PreviewPair) => sum + pair.cost, 0));
  });

  it('uses the weights and the seed', async () => {
    const result = await preview({ seed: 3, weights: { sameDomain: 0, repeat: 0, repeatMunicipality: 0 } });
    expect(result.status).toBe('OK');
    expect(result.cost).toBe(0);
    await rejects(t, PREVIEW, { assignmentId, options: { weights: { sameDomain: -1 } } }, coach, 'BAD_USER_INPUT', 'options.weights.sameDomain');
  });

  it('leaves deactivated participants out of the pairing', async () => {
    const small = await createPairingCohort(t.http, admin, [
      { name: 'Gijs', municipalityCode: 'GM0363', businessDomainCode: 'IA' },
      { name: 'Hanna', municipalityCode: 'GM0599', businessDomainCode: 'SD' },
      { name: 'Ivo', municipalityCode: 'GM0344', businessDomainCode: 'BZ' },
      { name: 'Jet', municipalityCode: 'GM0014', businessDomainCode: 'IA' },
    ]);
    for (const member of small.members) await storePairingSubmission(t, small.assignmentId, member.id);
    await ok(t.http, `mutation ($id: ID!) { deactivateUser(id: $id) { id } }`, { id: small.members[3].id }, admin);
    const result = (await ok(t.http, PREVIEW, { assignmentId: small.assignmentId }, small.coach.token)).previewPeerReviewPairings;
    expect(result.status).toBe('OK');
    expect(result.metrics).toMatchObject({ authors: 3, reviewers: 3 });
    const people = new Set(result.pairs.flatMap((pair: PreviewPair) => [pair.reviewer.userId, pair.author.userId]));
    expect(people).toEqual(new Set(small.members.slice(0, 3).map((member) => member.id)));
  });

  it('reports an impossible pairing with readable reasons', async () => {
    // Three from Amsterdam and one from Rotterdam: Amsterdam's authors cannot get two outside reviews.
    const small = await createPairingCohort(t.http, admin, [
      { name: 'Ans', municipalityCode: 'GM0363', businessDomainCode: 'IA' },
      { name: 'Bert', municipalityCode: 'GM0363', businessDomainCode: 'IA' },
      { name: 'Carla', municipalityCode: 'GM0363', businessDomainCode: 'SD' },
      { name: 'Dirk', municipalityCode: 'GM0599', businessDomainCode: 'SD' },
    ]);
    for (const member of small.members) await storePairingSubmission(t, small.assignmentId, member.id);
    const before = await snapshotDatabase(t.dataSource);
    const result = (await ok(t.http, PREVIEW, { assignmentId: small.assignmentId }, small.coach.token)).previewPeerReviewPairings;
    expect(await snapshotDatabase(t.dataSource)).toBe(before);
    expect(result).toMatchObject({ status: 'INFEASIBLE', pairs: [], metrics: null, cost: null });
    expect(result.reasons.length).toBeGreaterThan(0);
    expect(result.reasons[0]).toEqual({ code: expect.any(String), message: expect.stringContaining('Amsterdam') });
    expect(result.reasons[0].message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Even one review each would overload Dirk, the only reviewer from outside Amsterdam.
    expect(result.maxFeasibleReviewsPerSubmission).toBe(0);
    const error = await rejects(t, PUBLISH, { assignmentId: small.assignmentId }, small.coach.token, 'BAD_USER_INPUT', 'assignmentId');
    expect(error.message).toContain('no pairing is possible');
  });

  it('refuses a pin that breaks a hard rule, naming the rule', async () => {
    const sameTown = await rejects(t, PIN, { assignmentId, reviewerId: m[0].id, authorId: m[1].id }, coach, 'BAD_USER_INPUT', 'authorId');
    expect(sameTown.message).toContain('Ruud (GM0363 Amsterdam) cannot review Sanne: they are from the same municipality');
    const self = await rejects(t, PIN, { assignmentId, reviewerId: m[0].id, authorId: m[0].id }, coach, 'BAD_USER_INPUT', 'authorId');
    expect(self.message).toContain('cannot review their own work');
    const stranger = await createPerson(t.http, admin, { municipalityCode: 'GM0294' });
    await rejects(t, PIN, { assignmentId, reviewerId: stranger.id, authorId: m[0].id }, coach, 'BAD_USER_INPUT', 'reviewerId');
    await rejects(t, PIN, { assignmentId, reviewerId: m[2].id, authorId: cohort.coach.id }, coach, 'BAD_USER_INPUT', 'authorId');
    // Bram has not submitted yet.
    const notSubmitted = await rejects(t, PIN, { assignmentId, reviewerId: m[0].id, authorId: m[9].id }, coach, 'BAD_USER_INPUT', 'authorId');
    expect(notSubmitted.message).toContain('Bram has not submitted');
    await rejects(t, PIN, { assignmentId, reviewerId: 'not-an-id', authorId: m[0].id }, coach, 'BAD_USER_INPUT', 'reviewerId');
  });

  it('refuses a pin set that makes the pairing impossible, with the engine’s reason', async () => {
    await ok(t.http, PIN, { assignmentId, reviewerId: m[2].id, authorId: m[4].id }, coach);
    await ok(t.http, PIN, { assignmentId, reviewerId: m[6].id, authorId: m[4].id }, coach);
    const error = await rejects(t, PIN, { assignmentId, reviewerId: m[8].id, authorId: m[4].id }, coach, 'BAD_USER_INPUT', 'authorId');
    expect(error.message).toContain('no pairing is possible');
    expect(error.message).toContain('Marleen');
    await ok(t.http, CLEAR, { assignmentId, reviewerId: m[6].id, authorId: m[4].id }, coach);
    await rejects(t, CLEAR, { assignmentId, reviewerId: m[6].id, authorId: m[4].id }, coach, 'NOT_FOUND', 'authorId');
  });

  it('refuses a pin on a forbidden pair and the reverse, and a second identical constraint', async () => {
    await ok(t.http, FORBID, { assignmentId, reviewerId: m[3].id, authorId: m[6].id }, coach);
    const error = await rejects(t, PIN, { assignmentId, reviewerId: m[3].id, authorId: m[6].id }, coach, 'BAD_USER_INPUT', 'authorId');
    expect(error.message).toContain('forbidden');
    await rejects(t, FORBID, { assignmentId, reviewerId: m[2].id, authorId: m[4].id }, coach, 'BAD_USER_INPUT', 'authorId');
    await rejects(t, FORBID, { assignmentId, reviewerId: m[3].id, authorId: m[6].id }, coach, 'CONFLICT', 'authorId');
  });

  it('respects pins and forbidden pairs in the preview', async () => {
    // Ruud reviews Joost: they met before (Joost reviewed Ruud), so only a pin makes this pair.
    const pin = await ok(t.http, PIN, { assignmentId, reviewerId: m[0].id, authorId: m[2].id }, coach);
    expect(pin.pinPeerReviewPair).toMatchObject({ kind: 'PIN', reviewer: { name: 'Ruud' }, author: { name: 'Joost' } });
    const result = await preview();
    expect(result.status).toBe('OK');
    const keys = new Set(result.pairs.map(pairKey));
    expect(keys.has(`${m[2].id}>${m[4].id}`)).toBe(true);
    expect(keys.has(`${m[0].id}>${m[2].id}`)).toBe(true);
    expect(keys.has(`${m[3].id}>${m[6].id}`)).toBe(false);
    const pinned = result.pairs.find((pair: PreviewPair) => pairKey(pair) === `${m[0].id}>${m[2].id}`);
    expect(pinned).toMatchObject({ pinned: true, repeat: true, cost: expect.any(Number) });
    expect(result.metrics.repeatedPairs).toBe(1);
  });

  it('publishes the pairing, its pairs and the reviewers’ notifications in one go', async () => {
    const data = await ok(t.http, PUBLISH, { assignmentId, seed: 7 }, coach);
    const published = data.publishPeerReviewPairings;
    expect(published).toMatchObject({ assignmentId, version: 1, publishedAt: expect.any(String) });
    expect(published.pairs).toHaveLength(18);
    expectValidPairing(published.pairs, m.slice(0, 9).map((p) => p.id), 2, 10);
    for (const pair of published.pairs as Pair[]) {
      expect(pair).toMatchObject({ status: 'ASSIGNED', submissionVersion: 1, changedBy: null });
      const pinned = [`${m[0].id}>${m[2].id}`, `${m[2].id}>${m[4].id}`].includes(pairKey(pair));
      expect(pair.origin).toBe(pinned ? 'PINNED' : 'MATCHED');
    }
    const rows = await t.dataSource.getRepository('PeerReviewEntity').find({ where: { assignmentId } });
    expect(rows).toHaveLength(18);
    const notifications = (await t.dataSource.getRepository('NotificationEntity').find({ where: { assignmentId } })) as Array<{
      userId: string;
      kind: string;
      key: string;
      message: string;
    }>;
    expect(notifications).toHaveLength(10);
    for (const notification of notifications) {
      const load = published.pairs.filter((pair: Pair) => pair.reviewer.userId === notification.userId).length;
      expect(notification).toMatchObject({ kind: 'PAIRINGS_PUBLISHED', key: `pairings-published:${assignmentId}` });
      expect(notification.message).toContain(`Pairings for 'Stelsel van basisregistraties in jouw gemeente' are published: you review ${load} submission`);
      expect(notification.message).toContain('2027-02-22');
    }
  });

  it('refuses a second publication with CONFLICT and writes nothing', async () => {
    const error = await rejects(t, PUBLISH, { assignmentId }, coach, 'CONFLICT', 'assignmentId');
    expect(error.message).toContain('the pairing of this assignment was already published');
  });

  it('explains every pair: hard rules, soft costs and who pinned it', async () => {
    const pairs = await pairsOf();
    expect(pairs).toHaveLength(18);
    const pinned = pairs.find((pair) => pairKey(pair) === `${m[0].id}>${m[2].id}`)!;
    expect(pinned.explanation.hardRules).toEqual(expect.arrayContaining(['reviewer and author are from different municipalities', 'pinned by a coach']));
    expect(pinned.explanation.softCosts).toEqual(
      expect.arrayContaining([{ kind: 'SAME_DOMAIN', weight: 1, detail: 'both work in domain IA' }, expect.objectContaining({ kind: 'REPEAT', weight: 3 })]),
    );
    expect(pinned.explanation.softCosts.find((cost: { kind: string }) => cost.kind === 'REPEAT').detail).toContain('Joost reviewed Ruud');
    expect(pinned.explanation.cost).toBeGreaterThanOrEqual(4);
    expect(pinned.explanation.lastChange).toMatchObject({ action: 'pairing.pinned', actor: { name: expect.stringContaining('Coach') } });
    // Daan's pin on Marleen was cleared earlier: if the engine matched that pair, its last change is the unpin.
    const cleared = `${m[6].id}>${m[4].id}`;
    const matched = pairs.find((pair) => pair.origin === 'MATCHED' && pairKey(pair) !== cleared)!;
    expect(matched.explanation.lastChange).toBeNull();
    expect(matched.explanation.hardRules.every((rule: string) => !rule.startsWith('BROKEN'))).toBe(true);
  });

  it('swaps the reviewers of two open pairs, and refuses a swap that breaks a rule or a stale version', async () => {
    const all = await pairsOf();
    const pairs = all.filter((pair) => pair.origin === 'MATCHED');
    // Every existing pair counts, the pinned ones too: a swap that recreates one breaks a rule.
    const keys = new Set(all.map(pairKey));
    const town = (person: Person) => person.municipality!.code;
    const forbidden = `${m[3].id}>${m[6].id}`;
    let good: [Pair, Pair] | undefined;
    let bad: [Pair, Pair] | undefined;
    for (const a of pairs) {
      for (const b of pairs) {
        if (a.reviewer.userId === b.reviewer.userId || a.author.userId === b.author.userId) continue;
        const created = [`${b.reviewer.userId}>${a.author.userId}`, `${a.reviewer.userId}>${b.author.userId}`];
        const fresh = created.every((pair) => !keys.has(pair) && pair !== forbidden);
        const okTowns = town(b.reviewer) !== town(a.author) && town(a.reviewer) !== town(b.author);
        if (fresh && okTowns && b.reviewer.userId !== a.author.userId && a.reviewer.userId !== b.author.userId) good ??= [a, b];
        if (fresh && town(b.reviewer) === town(a.author) && b.reviewer.userId !== a.author.userId) bad ??= [a, b];
      }
    }
    const broken = await rejects(t, SWAP, { pairA: bad![0].id, pairB: bad![1].id, expectedVersion: 1 }, coach, 'BAD_USER_INPUT', 'pairB');
    expect(broken.message).toContain('the swap breaks a rule');
    expect(broken.message).toContain('reviewer and author must be from different municipalities');
    const swapped = (await ok(t.http, SWAP, { pairA: good![0].id, pairB: good![1].id, expectedVersion: 1 }, coach)).swapPeerReviewers;
    expect(swapped.version).toBe(2);
    const a = swapped.pairs.find((pair: Pair) => pair.id === good![0].id);
    expect(a).toMatchObject({ origin: 'SWAPPED', reviewer: { userId: good![1].reviewer.userId }, author: { userId: good![0].author.userId }, changedBy: { name: expect.stringContaining('Coach') } });
    const stale = await rejects(t, SWAP, { pairA: good![0].id, pairB: good![1].id, expectedVersion: 1 }, coach, 'CONFLICT', 'expectedVersion');
    expect(stale.message).toContain('version 2');
    await rejects(t, SWAP, { pairA: good![0].id, pairB: good![0].id, expectedVersion: 2 }, coach, 'BAD_USER_INPUT', 'pairB');
  });

  it('removes an open pair, and refuses a submitted one', async () => {
    const pairs = (await pairsOf()).filter((pair) => pair.origin === 'MATCHED');
    const removed = (await ok(t.http, REMOVE, { pairId: pairs[0].id, expectedVersion: 2 }, coach)).removePeerReviewPair;
    expect(removed.version).toBe(3);
    expect(removed.pairs.map((pair: Pair) => pair.id)).not.toContain(pairs[0].id);
    const [row] = await t.dataSource.getRepository('PeerReviewEntity').find({ where: { id: pairs[0].id } });
    expect(row).toMatchObject({ status: 'REMOVED', changedBy: cohort.coach.id });
    await rejects(t, REMOVE, { pairId: pairs[0].id, expectedVersion: 3 }, coach, 'BAD_USER_INPUT', 'pairId');
    await rejects(t, REMOVE, { pairId: pairs[1].id, expectedVersion: 2 }, coach, 'CONFLICT', 'expectedVersion');
    await t.dataSource.getRepository('PeerReviewEntity').update({ id: pairs[1].id }, { status: 'SUBMITTED', submittedAt: new Date() });
    const error = await rejects(t, REMOVE, { pairId: pairs[1].id, expectedVersion: 3 }, coach, 'BAD_USER_INPUT', 'pairId');
    expect(error.message).toContain('already submitted');
    await rejects(t, SWAP, { pairA: pairs[1].id, pairB: pairs[2].id, expectedVersion: 3 }, coach, 'BAD_USER_INPUT', 'pairA');
  });

  it('repairs after an unenrolment: keeps every other pair and every written review', async () => {
    const before = (await pairsOf()).filter((pair) => pair.status !== 'REMOVED');
    const submitted = before.find((pair) => pair.status === 'SUBMITTED')!;
    // Someone who neither wrote nor received the submitted review leaves.
    const leaver = m.slice(0, 9).find((p) => p.id !== submitted.reviewer.userId && p.id !== submitted.author.userId)!;
    await ok(t.http, `mutation ($cohortId: ID!, $userId: ID!) { unenrollUser(cohortId: $cohortId, userId: $userId) }`, { cohortId: cohort.cohortId, userId: leaver.id }, admin);

    const snapshot = await snapshotDatabase(t.dataSource);
    const result = await preview();
    expect(await snapshotDatabase(t.dataSource)).toBe(snapshot);
    expect(result).toMatchObject({ status: 'OK', published: true });
    const affected = before.filter((pair) => pair.reviewer.userId === leaver.id || pair.author.userId === leaver.id);
    expect(result.diff.removed).toBe(affected.length);
    expect(result.diff.kept).toBe(before.length - affected.length);
    expect(result.diff.removedPairs.map((pair: { reason: string }) => pair.reason).sort()).toEqual(
      affected.map((pair) => (pair.author.userId === leaver.id ? 'AUTHOR_NOT_SUBMITTED' : 'REVIEWER_NOT_ELIGIBLE')).sort(),
    );
    expect(result.diff.removedPairs[0].message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    const repaired = (await ok(t.http, REPAIR, { assignmentId, expectedVersion: 3 }, coach)).applyPeerReviewRepair;
    expect(repaired.version).toBe(4);
    const after: Pair[] = repaired.pairs;
    const afterKeys = new Set(after.map(pairKey));
    for (const pair of before) {
      if (affected.includes(pair)) expect(afterKeys.has(pairKey(pair))).toBe(false);
      else expect(afterKeys.has(pairKey(pair))).toBe(true);
    }
    expect(after.find((pair) => pair.id === submitted.id)).toMatchObject({ status: 'SUBMITTED' });
    const authors = m.slice(0, 9).filter((p) => p !== leaver).map((p) => p.id);
    expectValidPairingLoose(after, authors);
    for (const pair of after.filter((pair) => !before.some((old) => pairKey(old) === pairKey(pair)))) {
      expect(pair).toMatchObject({ origin: 'REPAIRED', status: 'ASSIGNED', changedBy: { name: expect.stringContaining('Coach') } });
    }
    // Nothing is left to repair.
    const again = await preview();
    expect(again.diff).toMatchObject({ added: 0, removed: 0 });
    await rejects(t, REPAIR, { assignmentId, expectedVersion: 3 }, coach, 'CONFLICT', 'expectedVersion');
  });

  it('repairs after a late submission by adding pairs for the new author only', async () => {
    const before = (await pairsOf()).filter((pair) => pair.status !== 'REMOVED');
    await storePairingSubmission(t, assignmentId, m[9].id);
    const result = await preview();
    expect(result.diff).toMatchObject({ added: 2, removed: 0, kept: before.length });
    for (const pair of result.diff.addedPairs) expect(pair.author.userId).toBe(m[9].id);
    const repaired = (await ok(t.http, REPAIR, { assignmentId, expectedVersion: 4, seed: 2 }, coach)).applyPeerReviewRepair;
    expect(repaired.version).toBe(5);
    const added = repaired.pairs.filter((pair: Pair) => pair.author.userId === m[9].id);
    expect(added).toHaveLength(2);
    for (const pair of added) {
      expect(pair).toMatchObject({ origin: 'REPAIRED', status: 'ASSIGNED', submissionVersion: 1 });
      expect(pair.reviewer.municipality.code).not.toBe('GM0014');
    }
    expect(repaired.pairs).toHaveLength(before.length + 2);
  });

  it('keeps every change in the audit log with who and what', async () => {
    const log: Array<{ action: string; at: string; actor: { name: string } | null; details: string | null }> = (await ok(t.http, AUDIT, { assignmentId }, coach))
      .pairingAuditLog;
    const actions = log.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['pairing.pinned', 'pairing.unpinned', 'pairing.forbidden', 'pairing.published', 'pairing.swapped', 'pairing.pair-removed', 'pairing.repaired']),
    );
    expect(actions.indexOf('pairing.published')).toBeLessThan(actions.indexOf('pairing.swapped'));
    for (const entry of log) expect(entry.actor!.name).toContain('Coach');
    const published = log.find((entry) => entry.action === 'pairing.published')!;
    expect(JSON.parse(published.details!)).toMatchObject({ version: 1, seed: 7, pairCount: 18 });
    const repairs = log.filter((entry) => entry.action === 'pairing.repaired').map((entry) => JSON.parse(entry.details!));
    expect(repairs[1].pairs.filter((pair: { change: string }) => pair.change === 'added')).toHaveLength(2);
  });

  it('lets an admin do what a coach does', async () => {
    const result = await preview(undefined, admin);
    expect(result.status).toBe('OK');
    expect((await pairsOf(admin)).length).toBeGreaterThan(0);
  });

  it('refuses participants and coaches of other cohorts for every operation', async () => {
    const pairs = await pairsOf();
    const open = pairs.filter((pair) => pair.status === 'ASSIGNED');
    const version = await versionOf();
    const pair = { assignmentId, reviewerId: m[3].id, authorId: m[5].id };
    const operations: Array<[string, Record<string, unknown>]> = [
      [PREVIEW, { assignmentId }],
      [PAIRS, { assignmentId }],
      [CURRENT, { assignmentId }],
      [AUDIT, { assignmentId }],
      [PIN, pair],
      [FORBID, pair],
      [CLEAR, { assignmentId, reviewerId: m[2].id, authorId: m[4].id }],
      [PUBLISH, { assignmentId }],
      [SWAP, { pairA: open[0].id, pairB: open[1].id, expectedVersion: version }],
      [REMOVE, { pairId: open[0].id, expectedVersion: version }],
      [REPAIR, { assignmentId, expectedVersion: version }],
    ];
    for (const token of [m[9].token, otherCoach.token]) {
      for (const [query, variables] of operations) await rejects(t, query, variables, token, 'FORBIDDEN');
    }
    for (const [query, variables] of operations) expectError(await fails(t.http, query, variables), 'UNAUTHENTICATED');
  });

  it('re-matches the open pairs of a reviewer who let the review due date pass, and brings back a removed pair that is pinned again', async () => {
    const small = await createPairingCohort(t.http, admin, [
      { name: 'Anouk', municipalityCode: 'GM0363', businessDomainCode: 'IA' },
      { name: 'Aart', municipalityCode: 'GM0363', businessDomainCode: 'SD' },
      { name: 'Roos', municipalityCode: 'GM0599', businessDomainCode: 'IA' },
      { name: 'Rik', municipalityCode: 'GM0599', businessDomainCode: 'BZ' },
      { name: 'Ulla', municipalityCode: 'GM0344', businessDomainCode: 'SD' },
      { name: 'Ugo', municipalityCode: 'GM0344', businessDomainCode: 'DV' },
    ]);
    const id = small.assignmentId;
    smallAssignmentId = id;
    const token = small.coach.token;
    for (const member of small.members) await storePairingSubmission(t, id, member.id);
    const published: Pair[] = (await ok(t.http, PUBLISH, { assignmentId: id }, token)).publishPeerReviewPairings.pairs;
    const lazy = small.members[0].id;
    const other = published.find((pair) => pair.reviewer.userId !== lazy)!;
    await ok(t.http, REMOVE, { pairId: other.id, expectedVersion: 1 }, token);
    await ok(t.http, PIN, { assignmentId: id, reviewerId: other.reviewer.userId, authorId: other.author.userId }, token);
    // Everyone but Anouk wrote their reviews; the review due date has passed.
    const reviews = t.dataSource.getRepository('PeerReviewEntity');
    for (const pair of published) {
      if (pair.reviewer.userId !== lazy && pair.id !== other.id) await reviews.update({ id: pair.id }, { status: 'SUBMITTED', submittedAt: new Date() });
    }
    const past = (days: number) => new Date(Date.now() - days * 24 * 3600_000);
    await t.dataSource.getRepository('AssignmentEntity').update({ id }, { dueAt: past(10), reviewDueAt: past(2) });
    await reviews.update({ assignmentId: id }, { updatedAt: past(3) });

    const lazyPairs = published.filter((pair) => pair.reviewer.userId === lazy);
    const preview = (await ok(t.http, PREVIEW, { assignmentId: id }, token)).previewPeerReviewPairings;
    expect(preview.status).toBe('OK');
    expect(preview.diff.removedPairs.map((pair: { reviewer: { userId: string }; reason: string }) => [pair.reviewer.userId, pair.reason])).toEqual(
      lazyPairs.map(() => [lazy, 'REVIEWER_NOT_ELIGIBLE']),
    );
    expect(preview.diff.added).toBe(lazyPairs.length + 1);

    const repaired: Pair[] = (await ok(t.http, REPAIR, { assignmentId: id, expectedVersion: 2 }, token)).applyPeerReviewRepair.pairs;
    expect(repaired.filter((pair) => pair.reviewer.userId === lazy)).toHaveLength(0);
    expect(repaired.filter((pair) => pair.status === 'SUBMITTED')).toHaveLength(published.length - lazyPairs.length - 1);
    const back = repaired.find((pair) => pairKey(pair) === pairKey(other))!;
    // The same row as before (uq_peer_reviews_pair), active again.
    expect(back).toMatchObject({ id: other.id, status: 'ASSIGNED', origin: 'REPAIRED' });
    for (const member of small.members) expect(repaired.filter((pair) => pair.author.userId === member.id)).toHaveLength(2);
    // The new reviewers got their pairs after the due date: they have not dropped out.
    const again = (await ok(t.http, PREVIEW, { assignmentId: id }, token)).previewPeerReviewPairings;
    expect(again.diff).toMatchObject({ added: 0, removed: 0 });
  });

  it('loads one matching input per assignment and request for the explanations, whatever the number of pairs', async () => {
    const run = (id: string) =>
      countStatements(t.dataSource, async () => {
        const data = await ok(t.http, PAIRS, { assignmentId: id }, admin);
        expect(data.peerReviewPairs.length).toBeGreaterThan(0);
      });
    const small = await run(smallAssignmentId);
    const large = await run(assignmentId);
    expect((await pairsOf()).length).toBeGreaterThan((await ok(t.http, PAIRS, { assignmentId: smallAssignmentId }, admin)).peerReviewPairs.length);
    expect(large.count).toBe(small.count);
  });

  it('answers NOT_FOUND for an unknown assignment or pair', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await rejects(t, PREVIEW, { assignmentId: unknown }, coach, 'NOT_FOUND', 'assignmentId');
    await rejects(t, REMOVE, { pairId: unknown, expectedVersion: 1 }, coach, 'NOT_FOUND', 'pairId');
  });

  it('refuses changes before publication', async () => {
    const second = await createAssignment(t.http, admin, cohort.moduleId, { title: 'Nog niet gepubliceerd' });
    await rejects(t, REPAIR, { assignmentId: second, expectedVersion: 1 }, coach, 'BAD_USER_INPUT', 'assignmentId');
    // Nobody submitted: there is nothing to publish.
    const empty = await rejects(t, PUBLISH, { assignmentId: second }, coach, 'BAD_USER_INPUT', 'assignmentId');
    expect(empty.message).toContain('nobody has submitted');
    await storePairingSubmission(t, second, m[9].id);
    await ok(t.http, `mutation ($id: ID!) { archiveAssignment(id: $id) { id } }`, { id: second }, coach);
    const archived = await rejects(t, PUBLISH, { assignmentId: second }, coach, 'BAD_USER_INPUT', 'assignmentId');
    expect(archived.message).toContain('archived');
  });
});

/** After a repair loads may be relaxed; the hard rules and k per author still hold. */
function expectValidPairingLoose(pairs: Pair[], authors: string[]): void {
  for (const pair of pairs) expect(pair.reviewer.municipality!.code).not.toBe(pair.author.municipality!.code);
  expect(new Set(pairs.map(pairKey)).size).toBe(pairs.length);
  for (const author of authors) expect(pairs.filter((pair) => pair.author.userId === author)).toHaveLength(2);
}
