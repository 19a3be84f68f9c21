import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, TimestampColumn, UpdatedAtColumn } from '../database/columns';

export enum CohortStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

@Entity('cohorts')
@Check('chk_cohorts_dates', `"end_date" >= "start_date"`)
@Check('chk_cohorts_status', `"status" = 'DRAFT' OR "status" = 'ACTIVE' OR "status" = 'CLOSED'`)
export class CohortEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_cohorts_name', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Calendar dates (YYYY-MM-DD); a cohort runs from the start of one day to the end of another. */
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ type: 'varchar', length: 8, default: CohortStatus.DRAFT })
  status: CohortStatus;

  @TimestampColumn({ name: 'archived_at', nullable: true })
  archivedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
