import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Reference data: the CBS list of Dutch municipalities, loaded by a migration. */
@Entity('municipalities')
export class MunicipalityEntity {
  /** CBS code, `GM` plus four digits, e.g. GM0363. */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code: string;

  @Index('idx_municipalities_name')
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  province: string;
}
