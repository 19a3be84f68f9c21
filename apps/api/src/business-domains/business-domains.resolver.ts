import { Args, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../auth/access.decorators';
import { mapConnection, PageArgs } from '../common/pagination';
import { BusinessDomain, BusinessDomainConnection } from './business-domain.model';
import { BusinessDomainsService } from './business-domains.service';

@Resolver(() => BusinessDomain)
export class BusinessDomainsResolver {
  constructor(private readonly domains: BusinessDomainsService) {}

  @Authenticated()
  @Query(() => BusinessDomainConnection)
  async businessDomains(@Args() page: PageArgs): Promise<BusinessDomainConnection> {
    return mapConnection(await this.domains.list(page), BusinessDomain.from);
  }

  @Authenticated()
  @Query(() => BusinessDomain)
  async businessDomain(@Args('code') code: string): Promise<BusinessDomain> {
    return BusinessDomain.from(await this.domains.get(code));
  }
}
