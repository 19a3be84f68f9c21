import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { CohortEntity } from '../cohorts/cohort.entity';
import { CreatedAtColumn } from '../database/columns';
import { UserEntity } from '../users/user.entity';

export enum EnrollmentRole {
  PARTICIPANT = 'PARTICIPANT',
  COACH = 'COACH',
}

@Entity('enrollments')
@Unique('uq_enrollments_cohort_user', ['cohortId', 'userId'])
// Cohort reports: a cohort's participants in user-id order.
@Index('idx_enrollments_report', ['cohortId', 'role', 'userId'])
@Check('chk_enrollments_role', `"role" = 'PARTICIPANT' OR "role" = 'COACH'`)
export class EnrollmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'cohort_id', type: 'uuid' })
  cohortId: string;

  @ManyToOne(() => CohortEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<CohortEntity>;

  @Index('idx_enrollments_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 12 })
  role: EnrollmentRole;

  @CreatedAtColumn()
  createdAt: Date;
}
