import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reference data: the municipal business domains participants come from (bestuur, I&A, ...). */
@Entity('business_domains')
export class BusinessDomainEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code: string;

  @Column({ name: 'name_nl', type: 'varchar', length: 100 })
  nameNl: string;

  @Column({ name: 'name_en', type: 'varchar', length: 100 })
  nameEn: string;

  @Column({ name: 'description_nl', type: 'text' })
  descriptionNl: string;
}
