import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CourseModulesModule } from '../course-modules/course-modules.module';
import { AssignmentEntity } from './assignment.entity';
import { AssignmentsResolver } from './assignments.resolver';
import { AssignmentsService } from './assignments.service';
import { RubricCriterionEntity } from './rubric-criterion.entity';

@Module({
  imports: [TypeOrmModule.forFeature([AssignmentEntity, RubricCriterionEntity]), CourseModulesModule],
  providers: [AssignmentsResolver, AssignmentsService],
  exports: [AssignmentsService],
})
export class AssignmentsModule {}
