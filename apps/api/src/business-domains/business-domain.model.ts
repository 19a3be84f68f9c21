import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import type { BusinessDomainEntity } from './business-domain.entity';

@ObjectType({ description: 'A municipal business domain participants work in (bestuur, I&A, ...).' })
export class BusinessDomain {
  @Field(() => ID)
  code: string;

  @Field({ description: 'Dutch name.' })
  nameNl: string;

  @Field({ description: 'English name.' })
  nameEn: string;

  @Field({ description: 'Dutch description.' })
  descriptionNl: string;

  static from(entity: BusinessDomainEntity): BusinessDomain {
    return Object.assign(new BusinessDomain(), {
      code: entity.code,
      nameNl: entity.nameNl,
      nameEn: entity.nameEn,
      descriptionNl: entity.descriptionNl,
    });
  }
}

@ObjectType()
export class BusinessDomainConnection extends ConnectionType(BusinessDomain) {}
