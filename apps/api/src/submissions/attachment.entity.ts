import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { CreatedAtColumn } from '../database/columns';
import { UserEntity } from '../users/user.entity';
import { SubmissionEntity } from './submission.entity';

/**
 * An uploaded file. Stored under the upload directory by its id (never by a name a user chose),
 * with its SHA-256; linked to a submission when that is submitted.
 */
@Entity('attachments')
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_attachments_uploader')
  @Column({ name: 'uploader_id', type: 'uuid' })
  uploaderId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'uploader_id' })
  uploader?: Relation<UserEntity>;

  @Index('idx_attachments_submission')
  @Column({ name: 'submission_id', type: 'uuid', nullable: true })
  submissionId: string | null;

  @ManyToOne(() => SubmissionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Relation<SubmissionEntity>;

  /** The name shown to people, cleaned of path parts and control characters. */
  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @CreatedAtColumn()
  createdAt: Date;
}
