import { Module } from '@nestjs/common';
import { DataExportService } from './data-export.service';
import { ErasureService } from './erasure.service';
import { PrivacyResolver } from './privacy.resolver';
import { readRetentionDays, RETENTION_DAYS } from './retention-setting';
import { RetentionService } from './retention.service';

/** AVG/GDPR: the caller's data export, erasure by an admin, and the retention purge. */
@Module({
  providers: [
    PrivacyResolver,
    DataExportService,
    ErasureService,
    RetentionService,
    { provide: RETENTION_DAYS, useFactory: () => readRetentionDays(process.env) },
  ],
  exports: [RetentionService],
})
export class PrivacyModule {}
