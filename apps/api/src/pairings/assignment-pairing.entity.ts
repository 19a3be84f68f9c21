import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { TimestampColumn } from '../database/columns';

/**
 * The published pairing of an assignment. Its primary key is the assignment, so a second
 * publication (two coaches at once) fails in the database; `version` counts later changes and
 * guards them against lost updates.
 */
@Entity('assignment_pairings')
export class AssignmentPairingEntity {
  @PrimaryColumn({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @OneToOne(() => AssignmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<AssignmentEntity>;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @TimestampColumn({ name: 'published_at' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'uuid' })
  publishedBy: string;

  /** The seed the engine used, so a publication can be reproduced. */
  @Column({ type: 'integer' })
  seed: number;
}
