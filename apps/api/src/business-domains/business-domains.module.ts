import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessDomainEntity } from './business-domain.entity';
import { BusinessDomainsResolver } from './business-domains.resolver';
import { BusinessDomainsService } from './business-domains.service';

@Module({
  imports: [TypeOrmModule.forFeature([BusinessDomainEntity])],
  providers: [BusinessDomainsResolver, BusinessDomainsService],
  exports: [BusinessDomainsService],
})
export class BusinessDomainsModule {}
