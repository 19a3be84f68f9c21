import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { CreatedAtColumn } from '../database/columns';

export enum PairingConstraintKind {
  PIN = 'PIN',
  FORBID = 'FORBID',
}

/** A coach's instruction for the matching of one assignment: this pair must, or must not, be made. */
@Entity('pairing_constraints')
@Unique('uq_pairing_constraints_pair', ['assignmentId', 'reviewerId', 'authorId'])
@Check('chk_pairing_constraints_kind', `"kind" = 'PIN' OR "kind" = 'FORBID'`)
export class PairingConstraintEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => AssignmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<AssignmentEntity>;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: PairingConstraintKind;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreatedAtColumn()
  createdAt: Date;
}
