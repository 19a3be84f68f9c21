import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AssignmentsModule } from './assignments/assignments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BusinessDomainsModule } from './business-domains/business-domains.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { createValidationPipe } from './common/validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CourseModulesModule } from './course-modules/course-modules.module';
import { DatabaseModule } from './database/database.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { GraphQLModule } from './graphql/graphql.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MunicipalitiesModule } from './municipalities/municipalities.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PairingsModule } from './pairings/pairings.module';
import { PeerReviewsModule } from './peer-reviews/peer-reviews.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReportsModule } from './reports/reports.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The whole application; tests pass a config of their own (database file, schema). */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        AuditModule,
        AuthModule,
        GraphQLModule,
        HealthModule,
        MunicipalitiesModule,
        BusinessDomainsModule,
        UsersModule,
        CohortsModule,
        EnrollmentsModule,
        CourseModulesModule,
        AssignmentsModule,
        SubmissionsModule,
        PairingsModule,
        PeerReviewsModule,
        NotificationsModule,
        ReportsModule,
        PrivacyModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
