import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { BusinessDomainEntity } from './business-domain.entity';

@Injectable()
export class BusinessDomainsService {
  constructor(@InjectRepository(BusinessDomainEntity) private readonly domains: Repository<BusinessDomainEntity>) {}

  list(page: PageArgs): Promise<Connection<BusinessDomainEntity>> {
    return paginate(this.domains.createQueryBuilder('domain'), page, {
      column: 'domain.code',
      property: 'code',
      direction: 'ASC',
      idColumn: 'domain.code',
      idProperty: 'code',
    });
  }

  async get(code: string): Promise<BusinessDomainEntity> {
    const domain = await this.domains.findOne({ where: { code: code.toUpperCase() } });
    if (!domain) throw new DomainError('NOT_FOUND', `Business domain ${code} does not exist`, [{ field: 'code', message: 'is not a business domain code' }]);
    return domain;
  }
}
