import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { AssignmentEntity } from './assignment.entity';

/** One line of an assignment's review rubric, scored on an integer scale. */
@Entity('rubric_criteria')
@Check('chk_rubric_criteria_scale', `"max_score" > "min_score"`)
export class RubricCriterionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_rubric_criteria_assignment')
  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => AssignmentEntity, (assignment) => assignment.criteria, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<AssignmentEntity>;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'min_score', type: 'integer' })
  minScore: number;

  @Column({ name: 'max_score', type: 'integer' })
  maxScore: number;
}
