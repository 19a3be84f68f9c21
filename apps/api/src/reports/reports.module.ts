import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsResolver } from './reports.resolver';
import { ReportsService } from './reports.service';

/** Cohort reports (GraphQL) and their CSV exports (HTTP). Reads only, through raw GROUP BY statements. */
@Module({
  controllers: [ReportsController],
  providers: [ReportsResolver, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
