import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import type { MunicipalityEntity } from './municipality.entity';

@ObjectType({ description: 'A Dutch municipality (gemeente) from the CBS list.' })
export class Municipality {
  @Field(() => ID, { description: 'CBS code, e.g. GM0363.' })
  code: string;

  @Field()
  name: string;

  @Field()
  province: string;

  static from(entity: MunicipalityEntity): Municipality {
    return Object.assign(new Municipality(), { code: entity.code, name: entity.name, province: entity.province });
  }
}

@ObjectType()
export class MunicipalityConnection extends ConnectionType(Municipality) {}
