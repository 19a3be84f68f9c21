import type { MigrationInterface } from 'typeorm';
import { Schema1795905256459 } from './1795905256459-Schema';
import { ReferenceData1795905300000 } from './1795905300000-ReferenceData';
import { Workflow1795907578104 } from './1795907578104-Workflow';
import { Reports1795909034348 } from './1795909034348-Reports';
import { PairAffiliations1795910132961 } from './1795910132961-PairAffiliations';
import { ReportTallies1795920000000 } from './1795920000000-ReportTallies';

/**
 * The postgres migrations, oldest first: listed rather than found by a glob, so the bundled server
 * (one file) has them too. A new migration goes at the end; database-options.spec.ts checks
 * that every file of this folder is listed.
 */
export const POSTGRES_MIGRATIONS: (new () => MigrationInterface)[] = [
  Schema1795905256459,
  ReferenceData1795905300000,
  Workflow1795907578104,
  Reports1795909034348,
  PairAffiliations1795910132961,
  ReportTallies1795920000000,
];
