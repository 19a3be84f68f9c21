import { Args, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../auth/access.decorators';
import { mapConnection } from '../common/pagination';
import { MunicipalitiesService } from './municipalities.service';
import { Municipality, MunicipalityConnection } from './municipality.model';
import { MunicipalityFilterArgs } from './municipality-filter.args';

@Resolver(() => Municipality)
export class MunicipalitiesResolver {
  constructor(private readonly service: MunicipalitiesService) {}

  @Authenticated()
  @Query(() => MunicipalityConnection, { description: 'Municipalities by name; `search` matches part of the name.' })
  async municipalities(@Args() args: MunicipalityFilterArgs): Promise<MunicipalityConnection> {
    return mapConnection(await this.service.list(args, args.search, args.province), Municipality.from);
  }

  @Authenticated()
  @Query(() => Municipality)
  async municipality(@Args('code') code: string): Promise<Municipality> {
    return Municipality.from(await this.service.get(code));
  }
}
