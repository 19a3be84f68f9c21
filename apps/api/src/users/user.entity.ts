import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { BusinessDomainEntity } from '../business-domains/business-domain.entity';
import { CreatedAtColumn, TimestampColumn, UpdatedAtColumn } from '../database/columns';
import { MunicipalityEntity } from '../municipalities/municipality.entity';

export enum SystemRole {
  ADMIN = 'ADMIN',
  USER = 'USER',
}

@Entity('users')
@Check('chk_users_role', `"role" = 'ADMIN' OR "role" = 'USER'`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored trimmed and lower-cased, so the unique index makes it case-insensitive. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Index('idx_users_municipality')
  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode: string | null;

  @ManyToOne(() => MunicipalityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_code' })
  municipality?: Relation<MunicipalityEntity>;

  @Column({ name: 'business_domain_code', type: 'varchar', length: 8, nullable: true })
  businessDomainCode: string | null;

  @ManyToOne(() => BusinessDomainEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'business_domain_code' })
  businessDomain?: Relation<BusinessDomainEntity>;

  @Column({ name: 'job_title', type: 'varchar', length: 120, nullable: true })
  jobTitle: string | null;

  @Column({ type: 'varchar', length: 8, default: SystemRole.USER })
  role: SystemRole;

  /** argon2id hash; null until the user accepts an invitation. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @TimestampColumn({ name: 'deactivated_at', nullable: true })
  deactivatedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
