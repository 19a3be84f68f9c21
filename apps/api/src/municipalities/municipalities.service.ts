import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { MunicipalityEntity } from './municipality.entity';

@Injectable()
export class MunicipalitiesService {
  constructor(@InjectRepository(MunicipalityEntity) private readonly municipalities: Repository<MunicipalityEntity>) {}

  async list(page: PageArgs, search?: string, province?: string): Promise<Connection<MunicipalityEntity>> {
    const query = this.municipalities.createQueryBuilder('municipality');
    if (search) {
      const codes = await this.codesMatching(search);
      query.andWhere(codes.length ? 'municipality.code IN (:...codes)' : '1 = 0', { codes });
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

  /**
   * Matching ignores case and diacritics ("fryslan" finds Súdwest-Fryslân), which neither SQLite
   * nor PostgreSQL do portably in SQL; the list is 342 short names, so it is folded here.
   */
  private async codesMatching(search: string): Promise<string[]> {
    const needle = fold(search);
    const all = await this.municipalities.find({ select: { code: true, name: true } });
    return all.filter((municipality) => fold(municipality.name).includes(needle)).map((municipality) => municipality.code);
  }

  async get(code: string): Promise<MunicipalityEntity> {
    const municipality = await this.municipalities.findOne({ where: { code: code.toUpperCase() } });
    if (!municipality) throw new DomainError('NOT_FOUND', `Municipality ${code} does not exist`, [{ field: 'code', message: 'is not a CBS municipality code' }]);
    return municipality;
  }
}

/** Lower case without diacritics: "Súdwest-Fryslân" becomes "sudwest-fryslan". */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
