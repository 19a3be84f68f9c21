import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLObjectType } from 'graphql';
import { ok, loginAdmin, startTestApp, TestApp } from './support/test-app';
import { countStatements } from './support/statement-counter';

const COHORT_TREE = `query ($id: ID!) {
  cohort(id: $id) {
    name
    enrollmentCounts { participants coaches }
    modules {
      title
      cohort { name }
      assignments { title module { title } rubric { title maxScore } }
    }
  }
}`;

describe('nested queries are batched (no N+1)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  async function cohortWith(modules: number, assignmentsPerModule: number): Promise<string> {
    const { createCohort } = await ok(
      t.http,
      `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }`,
      { input: { name: `Tree ${modules}x${assignmentsPerModule}`, startDate: '2027-01-01', endDate: '2027-12-31' } },
      admin,
    );
    for (let m = 0; m < modules; m += 1) {
      const { createCourseModule } = await ok(
        t.http,
        `mutation ($input: CreateCourseModuleInput!) { createCourseModule(input: $input) { id } }`,
        { input: { cohortId: createCohort.id, title: `Module ${m}`, opensAt: '2027-02-01T00:00:00Z', closesAt: '2027-06-01T00:00:00Z' } },
        admin,
      );
      for (let a = 0; a < assignmentsPerModule; a += 1) {
        await ok(
          t.http,
          `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id } }`,
          {
            input: {
              moduleId: createCourseModule.id,
              title: `Assignment ${m}.${a}`,
              dueAt: `2027-03-${String(1 + a).padStart(2, '0')}T12:00:00Z`,
              reviewDueAt: '2027-05-01T12:00:00Z',
              rubric: [{ title: 'Inhoud' }, { title: 'Samenwerking' }],
            },
          },
          admin,
        );
      }
    }
    return createCohort.id;
  }

  it('answers a cohort -> modules -> assignments -> rubric tree with the same number of statements for 1 or 100 assignments', async () => {
    const small = await cohortWith(1, 1);
    const large = await cohortWith(10, 10);
    const smallRun = await countStatements(t.dataSource, async () => {
      const data = await ok(t.http, COHORT_TREE, { id: small }, admin);
      expect(data.cohort.modules).toHaveLength(1);
    });
    const largeRun = await countStatements(t.dataSource, async () => {
      const data = await ok(t.http, COHORT_TREE, { id: large }, admin);
      expect(data.cohort.modules).toHaveLength(10);
      expect(data.cohort.modules.flatMap((m: { assignments: unknown[] }) => m.assignments)).toHaveLength(100);
    });
    // Authentication (1), the cohort with its access check (1), and one statement per level.
    expect(largeRun.count).toBe(smallRun.count);
    expect(largeRun.count).toBeLessThanOrEqual(10);
  });

  // A field resolver with parameter decorators runs through Nest's parameter pipeline, a chain of
  // awaited promises, once per item of a list; without them graphql-js calls the method itself.
  it('resolves the fields of list items with the resolver methods themselves, not through Nest’s pipeline', () => {
    const { schema } = t.app.get(GraphQLSchemaHost);
    const perItem: [string, string[]][] = [
      ['ReviewTask', ['submission', 'author', 'scores']],
      ['ReceivedReview', ['reviewer', 'scores']],
      ['AssignmentReview', ['reviewer', 'author', 'submission', 'scores']],
      ['Cohort', ['modules', 'enrollmentCounts']],
      ['CourseModule', ['cohort', 'assignments']],
      ['Assignment', ['rubric', 'module']],
    ];
    for (const [type, fields] of perItem) {
      const definitions = (schema.getType(type) as GraphQLObjectType).getFields();
      for (const field of fields) expect(`${type}.${field}: ${definitions[field].resolve?.name}`).toMatch(new RegExp(`^${type}\\.${field}: (bound )+${field}$`));
    }
  });
});
