import { createPairingCohort, expectError, storePairingSubmission, PairingCohortFixture, PairingMemberSpec } from './support/fixtures';
import { gql, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const PUBLISH = `mutation ($assignmentId: ID!, $seed: Int) {
  publishPeerReviewPairings(assignmentId: $assignmentId, seed: $seed) { version pairs { id reviewer { userId } author { userId } } }
}`;
const REMOVE = `mutation ($pairId: ID!, $expectedVersion: Int!) { removePeerReviewPair(pairId: $pairId, expectedVersion: $expectedVersion) { version } }`;

const MEMBERS: PairingMemberSpec[] = [
  { name: 'Ruud', municipalityCode: 'GM0363', businessDomainCode: 'IA' },
  { name: 'Sanne', municipalityCode: 'GM0363', businessDomainCode: 'SD' },
  { name: 'Joost', municipalityCode: 'GM0599', businessDomainCode: 'IA' },
  { name: 'Fatima', municipalityCode: 'GM0599', businessDomainCode: 'BZ' },
  { name: 'Marleen', municipalityCode: 'GM0518', businessDomainCode: 'SD' },
  { name: 'Anne', municipalityCode: 'GM0344', businessDomainCode: 'BZ' },
  { name: 'Lotte', municipalityCode: 'GM0014', businessDomainCode: 'IA' },
  { name: 'Bram', municipalityCode: 'GM0014', businessDomainCode: 'DV' },
];

describe('peer-review pairings under concurrency', () => {
  let t: TestApp;
  let admin: string;
  let cohort: PairingCohortFixture;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    cohort = await createPairingCohort(t.http, admin, MEMBERS);
    for (const member of cohort.members) await storePairingSubmission(t, cohort.assignmentId, member.id);
  });
  afterAll(() => t.close());

  const count = (entity: string, where: Record<string, unknown>) => t.dataSource.getRepository(entity).count({ where });

  it('two coaches publishing at once: exactly one pairing, one CONFLICT', async () => {
    const { assignmentId } = cohort;
    // Different seeds give different pairings: the loser's pairs must not leak in.
    const [first, second] = await Promise.all([
      gql(t.http, PUBLISH, { assignmentId, seed: 1 }, cohort.coach.token),
      gql(t.http, PUBLISH, { assignmentId, seed: 2 }, admin),
    ]);
    const results = [first, second];
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expectError(losers[0].errors![0], 'CONFLICT');
    expect(losers[0].errors![0].message).toContain('the pairing of this assignment was already published');

    const published = winners[0].data!.publishPeerReviewPairings;
    expect(published.pairs).toHaveLength(16);
    expect(await count('AssignmentPairingEntity', { assignmentId })).toBe(1);
    expect(await count('PeerReviewEntity', { assignmentId })).toBe(16);
    expect(await count('NotificationEntity', { assignmentId })).toBe(8);
    const stored = await t.dataSource.getRepository('PeerReviewEntity').find({ where: { assignmentId } });
    expect(new Set(stored.map((row) => row.id))).toEqual(new Set(published.pairs.map((pair: { id: string }) => pair.id)));
    const audit = await t.dataSource.getRepository('AuditEntryEntity').count({ where: { subjectId: assignmentId, action: 'pairing.published' } });
    expect(audit).toBe(1);
  });

  it('two changes against the same version: one applies, the other gets CONFLICT', async () => {
    const { assignmentId } = cohort;
    const pairs = await t.dataSource.getRepository('PeerReviewEntity').find({ where: { assignmentId } });
    const [first, second] = await Promise.all([
      gql(t.http, REMOVE, { pairId: pairs[0].id, expectedVersion: 1 }, cohort.coach.token),
      gql(t.http, REMOVE, { pairId: pairs[1].id, expectedVersion: 1 }, admin),
    ]);
    const results = [first, second];
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    const loser = results.find((result) => result.errors)!;
    expectError(loser.errors![0], 'CONFLICT', 'expectedVersion');
    const rows = await t.dataSource.getRepository('PeerReviewEntity').find({ where: { assignmentId, status: 'REMOVED' } });
    expect(rows).toHaveLength(1);
    const current = await ok(t.http, `query ($id: ID!) { publishedPeerReviewPairing(assignmentId: $id) { version } }`, { id: assignmentId }, admin);
    expect(current.publishedPeerReviewPairing.version).toBe(2);
  });
});
