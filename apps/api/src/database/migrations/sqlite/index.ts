import type { MigrationInterface } from 'typeorm';
import { Schema1795905279754 } from './1795905279754-Schema';
import { ReferenceData1795905300000 } from './1795905300000-ReferenceData';
import { Workflow1795907571566 } from './1795907571566-Workflow';
import { Reports1795909021210 } from './1795909021210-Reports';
import { PairAffiliations1795910104685 } from './1795910104685-PairAffiliations';
import { ReportTallies1795920000000 } from './1795920000000-ReportTallies';

/**
 * The sqlite migrations, oldest first: listed rather than found by a glob, so the bundled server
 * (one file) has them too. A new migration goes at the end; database-options.spec.ts checks
 * that every file of this folder is listed.
 */
export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [
  Schema1795905279754,
  ReferenceData1795905300000,
  Workflow1795907571566,
  Reports1795909021210,
  PairAffiliations1795910104685,
  ReportTallies1795920000000,
];
