import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { escapeLike } from '../common/sql';
import { MunicipalityEntity } from './municipality.entity';

@Injectable()
export class MunicipalitiesService {
  constructor(@InjectRepository(MunicipalityEntity) private readonly municipalities: Repository<MunicipalityEntity>) {}

  list(page: PageArgs, search?: string, province?: string): Promise<Connection<MunicipalityEntity>> {
    const query = this.municipalities.createQueryBuilder('municipality');
    if (search) {
      query.andWhere("LOWER(municipality.name) LIKE :search ESCAPE '\\'", { search: `%${escapeLike(search.toLowerCase())}%` });
    }
    if (province) query.andWhere('municipality.province = :province', { province });
    return paginate(query, page, {
      column: 'municipality.name',
      property: 'name',
      direction: 'ASC',
      idColumn: 'municipality.code',
      idProperty: 'code',
    });
  }

  async get(code: string): Promise<MunicipalityEntity> {
    const municipality = await this.municipalities.findOne({ where: { code: code.toUpperCase() } });
    if (!municipality) throw new DomainError('NOT_FOUND', `Municipality ${code} does not exist`, [{ field: 'code', message: 'is not a CBS municipality code' }]);
    return municipality;
  }
}
