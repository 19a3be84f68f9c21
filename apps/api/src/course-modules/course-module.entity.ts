import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { CohortEntity } from '../cohorts/cohort.entity';
import { CreatedAtColumn, TimestampColumn, UpdatedAtColumn } from '../database/columns';

@Entity('course_modules')
@Check('chk_course_modules_window', `"closes_at" > "opens_at"`)
@Check('chk_course_modules_position', `"position" >= 0`)
export class CourseModuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_course_modules_cohort')
  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<CohortEntity>;

  /** Order within the cohort, 0-based. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @TimestampColumn({ name: 'opens_at' })
  opensAt: Date;

  @TimestampColumn({ name: 'closes_at' })
  closesAt: Date;

  @TimestampColumn({ name: 'archived_at', nullable: true })
  archivedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
