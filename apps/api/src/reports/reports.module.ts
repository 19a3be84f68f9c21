import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { CollaborationNetworkResolver, ReportsResolver } from './reports.resolver';
import { ReportsService } from './reports.service';

/** Cohort reports (GraphQL) and their CSV exports (HTTP). Reads only, through raw GROUP BY statements over the report tallies. */
@Module({
  controllers: [ReportsController],
  providers: [ReportsResolver, CollaborationNetworkResolver, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
