import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, IsNull } from 'typeorm';
import { AppModule } from '../app.module';
import { CreateAssignmentInput } from '../assignments/assignment.inputs';
import { AssignmentsService } from '../assignments/assignments.service';
import type { Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { PasswordTokenEntity } from '../auth/password-token.entity';
import { PasswordService } from '../auth/password.service';
import { CohortEntity, CohortStatus } from '../cohorts/cohort.entity';
import { CreateCohortInput } from '../cohorts/cohort.inputs';
import { CohortsService } from '../cohorts/cohorts.service';
import { TransactionService } from '../common/transaction.service';
import { AppConfig, ConfigurationError, loadConfig } from '../config/app-config';
import { CreateCourseModuleInput } from '../course-modules/course-module.inputs';
import { CourseModulesService } from '../course-modules/course-modules.service';
import { EnrollmentRole } from '../enrollments/enrollment.entity';
import { EnrollUserInput } from '../enrollments/enrollment.inputs';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { normalizeEmail } from '../users/email';
import { SystemRole, UserEntity } from '../users/user.entity';
import { CreateUserInput } from '../users/user.inputs';
import { UsersService } from '../users/users.service';
import { DEFAULT_DEMO_PASSWORD, DEMO_COACHES, DEMO_COHORT, DEMO_MODULES, DEMO_PARTICIPANTS, DemoPerson } from './demo-data';

/**
 * The demo seed: one ACTIVE cohort with 24 participants from 12 municipalities, two coaches and
 * five modules, each with an assignment and its rubric. Everything goes through the
 * application's services in one transaction, so the same rules apply as for an admin at work
 * (date windows, reference codes, password policy) and a failure leaves nothing behind.
 * Running it again finds the cohort and only prints the logins.
 */

export interface DemoLogin {
  role: 'admin' | 'coach' | 'participant';
  name: string;
  email: string;
  password: string;
  municipality: string;
}

export interface DemoSeedResult {
  /** False when the demo cohort already existed and nothing was written. */
  created: boolean;
  cohortId: string;
  logins: DemoLogin[];
}

/** How many participants the login table lists (all of them can log in). */
const LISTED_PARTICIPANTS = 4;

export async function seedDemo(app: INestApplicationContext, options: { password?: string } = {}): Promise<DemoSeedResult> {
  const password = options.password ?? DEFAULT_DEMO_PASSWORD;
  const people = [...DEMO_COACHES, ...DEMO_PARTICIPANTS];
  for (const person of people) app.get(PasswordService).assertAcceptable(password, person.email, 'DEMO_PASSWORD');

  const dataSource = app.get(DataSource);
  const admin = await dataSource.getRepository(UserEntity).findOne({
    where: { role: SystemRole.ADMIN, deactivatedAt: IsNull() },
    order: { createdAt: 'ASC' },
  });
  if (!admin) throw new Error('There is no active administrator; start the server once (see ADMIN_EMAIL and ADMIN_PASSWORD) and seed again');
  const logins = loginTable(app.get(AppConfig), admin, password);

  const existing = await dataSource.getRepository(CohortEntity).findOne({ where: { name: DEMO_COHORT.name } });
  if (existing) return { created: false, cohortId: existing.id, logins };

  const actor: Actor = { id: admin.id, role: admin.role };
  // One hash for everyone: hashing 26 times would only make the seed slower.
  const passwordHash = await app.get(PasswordService).hash(password);
  const cohortId = await app.get(TransactionService).run(async (manager) => {
    const cohort = await app.get(CohortsService).create(actor, input(CreateCohortInput, { ...DEMO_COHORT, status: CohortStatus.ACTIVE }));

    for (const module of DEMO_MODULES) {
      const { assignment, opensAt, closesAt, ...fields } = module;
      const created = await app.get(CourseModulesService).create(
        actor,
        input(CreateCourseModuleInput, { ...fields, opensAt: new Date(opensAt), closesAt: new Date(closesAt), cohortId: cohort.id }),
      );
      const { dueAt, reviewDueAt, ...rest } = assignment;
      await app.get(AssignmentsService).create(
        actor,
        input(CreateAssignmentInput, { ...rest, dueAt: new Date(dueAt), reviewDueAt: new Date(reviewDueAt), moduleId: created.id }),
      );
    }

    const enrol = async (person: DemoPerson, role: EnrollmentRole) => {
      const { user } = await app.get(UsersService).create(actor, input(CreateUserInput, { ...person, role: SystemRole.USER }));
      // The demo skips the invitation step: set the password and retire the invitation token.
      await manager.update(UserEntity, { id: user.id }, { passwordHash });
      await manager.update(PasswordTokenEntity, { userId: user.id, usedAt: IsNull() }, { usedAt: new Date() });
      await app.get(EnrollmentsService).enrol(actor, input(EnrollUserInput, { cohortId: cohort.id, userId: user.id, role }));
    };
    for (const coach of DEMO_COACHES) await enrol(coach, EnrollmentRole.COACH);
    for (const participant of DEMO_PARTICIPANTS) await enrol(participant, EnrollmentRole.PARTICIPANT);
    return cohort.id;
  });
  return { created: true, cohortId, logins };
}

/**
 * Builds a service input as the GraphQL layer would (defaults applied) and validates it with the
 * same rules, so a mistake in the demo data is reported rather than stored.
 */
function input<T extends object>(type: new () => T, plain: object): T {
  const value = plainToInstance(type, plain, { exposeDefaultValues: true });
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new Error(`Demo data does not fit ${type.name}: ${problems.join('; ')}`);
  }
  return value;
}

function loginTable(config: AppConfig, admin: UserEntity, password: string): DemoLogin[] {
  // The admin comes from the first start (ADMIN_EMAIL/ADMIN_PASSWORD, or a password printed once).
  const adminPassword =
    config.ADMIN_PASSWORD && normalizeEmail(config.ADMIN_EMAIL ?? 'admin@academy.local') === admin.email
      ? config.ADMIN_PASSWORD
      : '(set when the admin was created)';
  const municipalityName = (code: string | null) => (code ? (MUNICIPALITY_NAMES[code] ?? code) : '-');
  const row = (role: DemoLogin['role'], person: DemoPerson): DemoLogin => ({
    role,
    name: person.name,
    email: person.email,
    password,
    municipality: municipalityName(person.municipalityCode),
  });
  return [
    { role: 'admin', name: admin.name, email: admin.email, password: adminPassword, municipality: '-' },
    ...DEMO_COACHES.map((coach) => row('coach', coach)),
    ...DEMO_PARTICIPANTS.filter((_, index) => index % 2 === 0)
      .slice(0, LISTED_PARTICIPANTS)
      .map((participant) => row('participant', participant)),
  ];
}

const MUNICIPALITY_NAMES: Record<string, string> = {
  GM0363: 'Amsterdam',
  GM0599: 'Rotterdam',
  GM0518: "'s-Gravenhage",
  GM0344: 'Utrecht',
  GM0294: 'Winterswijk',
  GM0014: 'Groningen',
  GM0080: 'Leeuwarden',
  GM0772: 'Eindhoven',
  GM0193: 'Zwolle',
  GM0935: 'Maastricht',
  GM0202: 'Arnhem',
  GM0855: 'Tilburg',
};

export function formatLogins(result: DemoSeedResult): string {
  const header: DemoLogin = { role: 'Role' as DemoLogin['role'], name: 'Name', email: 'E-mail', password: 'Password', municipality: 'Municipality' };
  const rows = [header, ...result.logins];
  const columns: (keyof DemoLogin)[] = ['role', 'name', 'municipality', 'email', 'password'];
  const widths = columns.map((column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: DemoLogin) => columns.map((column, index) => row[column].padEnd(widths[index])).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const others = DEMO_PARTICIPANTS.length - result.logins.filter((login) => login.role === 'participant').length;
  return [
    result.created ? `Created the demo cohort "${DEMO_COHORT.name}".` : `The demo cohort "${DEMO_COHORT.name}" already exists; nothing was changed.`,
    '',
    line(header),
    rule,
    ...result.logins.map(line),
    '',
    `The other ${others} participants log in with the same password; an admin sees them all in the cohort's enrollments.`,
  ].join('\n');
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG, as the server does
    }
    throw error;
  }
  // An application context runs the migrations and wires the services, without serving HTTP.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    await app.get(AuthService).ensureInitialAdmin();
    const result = await seedDemo(app, { password: process.env.DEMO_PASSWORD || undefined });
    console.log(formatLogins(result));
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
