import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CourseModuleEntity } from './course-module.entity';
import { CourseModulesResolver } from './course-modules.resolver';
import { CourseModulesService } from './course-modules.service';

@Module({
  imports: [TypeOrmModule.forFeature([CourseModuleEntity])],
  providers: [CourseModulesResolver, CourseModulesService],
  exports: [CourseModulesService],
})
export class CourseModulesModule {}
