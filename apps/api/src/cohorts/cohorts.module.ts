import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CohortEntity } from './cohort.entity';
import { CohortsResolver } from './cohorts.resolver';
import { CohortsService } from './cohorts.service';

@Module({
  imports: [TypeOrmModule.forFeature([CohortEntity])],
  providers: [CohortsResolver, CohortsService],
  exports: [CohortsService],
})
export class CohortsModule {}
