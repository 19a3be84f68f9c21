import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MunicipalitiesResolver } from './municipalities.resolver';
import { MunicipalitiesService } from './municipalities.service';
import { MunicipalityEntity } from './municipality.entity';

@Module({
  imports: [TypeOrmModule.forFeature([MunicipalityEntity])],
  providers: [MunicipalitiesResolver, MunicipalitiesService],
  exports: [MunicipalitiesService],
})
export class MunicipalitiesModule {}
