import { expectError } from './support/fixtures';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

interface MunicipalityNode {
  code: string;
  name: string;
  province: string;
}

interface MunicipalityPage {
  municipalities: { totalCount: number; edges: { node: MunicipalityNode }[]; pageInfo: { hasNextPage: boolean } };
}

const MUNICIPALITIES = `query ($first: Int, $search: String, $province: String) {
  municipalities(first: $first, search: $search, province: $province) {
    totalCount
    edges { node { code name province } }
    pageInfo { hasNextPage }
  }
}`;

describe('reference data', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  const municipalities = async (variables: Record<string, unknown>) =>
    (await ok<MunicipalityPage>(t.http, MUNICIPALITIES, variables, admin)).municipalities;

  describe('municipalities', () => {
    it('loads all 342 CBS municipalities', async () => {
      const page = await municipalities({ first: 100 });
      expect(page.totalCount).toBe(342);
      expect(page.edges).toHaveLength(100);
      expect(page.pageInfo.hasNextPage).toBe(true);
    });

    it('finds a municipality by part of its name, in any case', async () => {
      const page = await municipalities({ search: 'AMSTER' });
      expect(page.edges.map((edge) => edge.node)).toEqual([{ code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland' }]);
      expect(page.totalCount).toBe(1);
    });

    it("finds 's-Gravenhage without its prefix", async () => {
      const page = await municipalities({ search: 'gravenhage' });
      expect(page.edges.map((edge) => edge.node)).toEqual([{ code: 'GM0518', name: "'s-Gravenhage", province: 'Zuid-Holland' }]);
    });

    it('finds names with diacritics when searched without them', async () => {
      const page = await municipalities({ search: 'sudwest-fryslan' });
      expect(page.edges.map((edge) => edge.node.code)).toEqual(['GM1900']);
      const fryslan = await municipalities({ search: 'fryslan', first: 100 });
      expect(fryslan.edges.map((edge) => edge.node.name).sort()).toEqual(['Noardeast-Fryslân', 'Súdwest-Fryslân']);
      const exact = await municipalities({ search: 'Súdwest' });
      expect(exact.edges.map((edge) => edge.node.code)).toEqual(['GM1900']);
    });

    it('treats LIKE wildcards in the search literally', async () => {
      expect((await municipalities({ search: '%' })).totalCount).toBe(0);
      expect((await municipalities({ search: '_' })).totalCount).toBe(0);
    });

    it('returns an empty page for a search without matches', async () => {
      const page = await municipalities({ search: 'Atlantis' });
      expect(page).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
    });

    it('filters by province and combines the filter with a search', async () => {
      const page = await municipalities({ province: 'Noord-Holland', first: 100 });
      expect(page.totalCount).toBe(44);
      expect(page.edges.every((edge) => edge.node.province === 'Noord-Holland')).toBe(true);
      expect(page.edges.map((edge) => edge.node.code)).toContain('GM0363');
      expect((await municipalities({ province: 'Fryslân', first: 100 })).totalCount).toBe(18);
      expect((await municipalities({ province: 'Zuid-Holland', search: 'amsterdam' })).totalCount).toBe(0);
      expect((await municipalities({ province: 'Atlantis' })).totalCount).toBe(0);
    });

    it.each([0, -1, 101, 100000])('refuses first: %d as BAD_USER_INPUT naming first', async (first) => {
      const error = await fails(t.http, MUNICIPALITIES, { first }, admin);
      expectError(error, 'BAD_USER_INPUT', 'first');
      expect(error.extensions.problems).toEqual([{ field: 'first', message: first < 1 ? 'must not be less than 1' : 'must not be greater than 100' }]);
    });

    it('refuses an over-long search', async () => {
      const error = await fails(t.http, MUNICIPALITIES, { search: 'x'.repeat(101) }, admin);
      expectError(error, 'BAD_USER_INPUT', 'search');
      expect(error.extensions.problems).toHaveLength(1);
    });

    it('is not for anonymous callers', async () => {
      const error = await fails(t.http, MUNICIPALITIES, { first: 1 });
      expectError(error, 'UNAUTHENTICATED');
    });
  });

  describe('municipality(code)', () => {
    const MUNICIPALITY = `query ($code: String!) { municipality(code: $code) { code name province } }`;

    it('returns one municipality by CBS code', async () => {
      const data = await ok(t.http, MUNICIPALITY, { code: 'GM0363' }, admin);
      expect(data.municipality).toEqual({ code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland' });
      const hague = await ok(t.http, MUNICIPALITY, { code: 'GM0518' }, admin);
      expect(hague.municipality).toEqual({ code: 'GM0518', name: "'s-Gravenhage", province: 'Zuid-Holland' });
    });

    it('accepts a lower-case code', async () => {
      const data = await ok(t.http, MUNICIPALITY, { code: 'gm0363' }, admin);
      expect(data.municipality.code).toBe('GM0363');
    });

    it.each(['GM9999', 'Amsterdam', ''])('answers NOT_FOUND for %p', async (code) => {
      const error = await fails(t.http, MUNICIPALITY, { code }, admin);
      expectError(error, 'NOT_FOUND', 'code');
    });

    it('is not for anonymous callers', async () => {
      expectError(await fails(t.http, MUNICIPALITY, { code: 'GM0363' }), 'UNAUTHENTICATED');
    });
  });

  describe('business domains', () => {
    const DOMAINS = `query ($first: Int, $after: String) {
      businessDomains(first: $first, after: $after) { totalCount edges { node { code nameNl nameEn descriptionNl } } pageInfo { hasNextPage endCursor } }
    }`;
    const DOMAIN = `query ($code: String!) { businessDomain(code: $code) { code nameNl nameEn } }`;

    it('lists all 15 business domains by code', async () => {
      const data = await ok(t.http, DOMAINS, { first: 100 }, admin);
      const codes: string[] = data.businessDomains.edges.map((edge: { node: { code: string } }) => edge.node.code);
      expect(data.businessDomains.totalCount).toBe(15);
      expect(codes).toHaveLength(15);
      expect(codes).toEqual([...codes].sort());
      expect(codes).toEqual(expect.arrayContaining(['IA', 'BZ', 'SD', 'GEO']));
      expect(data.businessDomains.pageInfo.hasNextPage).toBe(false);
    });

    it('pages through the domains', async () => {
      const first = await ok(t.http, DOMAINS, { first: 10 }, admin);
      expect(first.businessDomains.pageInfo.hasNextPage).toBe(true);
      const rest = await ok(t.http, DOMAINS, { first: 10, after: first.businessDomains.pageInfo.endCursor }, admin);
      expect(rest.businessDomains.edges).toHaveLength(5);
      expect(rest.businessDomains.pageInfo.hasNextPage).toBe(false);
    });

    it('returns one domain by code, in any case', async () => {
      const data = await ok(t.http, DOMAIN, { code: 'IA' }, admin);
      expect(data.businessDomain).toEqual({ code: 'IA', nameNl: 'Informatievoorziening en ICT (I&A)', nameEn: expect.any(String) });
      expect((await ok(t.http, DOMAIN, { code: 'ia' }, admin)).businessDomain.code).toBe('IA');
    });

    it('answers NOT_FOUND for an unknown code', async () => {
      expectError(await fails(t.http, DOMAIN, { code: 'XX' }, admin), 'NOT_FOUND', 'code');
    });

    it('refuses a bad page size', async () => {
      expectError(await fails(t.http, DOMAINS, { first: 0 }, admin), 'BAD_USER_INPUT', 'first');
    });

    it('is not for anonymous callers', async () => {
      expectError(await fails(t.http, DOMAIN, { code: 'IA' }), 'UNAUTHENTICATED');
    });
  });
});
