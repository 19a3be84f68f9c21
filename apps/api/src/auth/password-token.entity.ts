import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { CreatedAtColumn, TimestampColumn } from '../database/columns';
import { UserEntity } from '../users/user.entity';

export enum PasswordTokenPurpose {
  INVITATION = 'INVITATION',
  RESET = 'RESET',
}

/** One-time token that lets a user set a password; `<id>.<secret>`, secret stored hashed. */
@Entity('password_tokens')
@Check('chk_password_tokens_purpose', `"purpose" = 'INVITATION' OR "purpose" = 'RESET'`)
export class PasswordTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_password_tokens_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 12 })
  purpose: PasswordTokenPurpose;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash: string;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt: Date;

  @TimestampColumn({ name: 'used_at', nullable: true })
  usedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
