import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import { CourseModuleEntity } from './course-module.entity';

@ObjectType({ description: 'A block of the course (e.g. one NUP building block), with its assignments.' })
export class CourseModule {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  cohortId: string;

  @Field(() => Int, { description: 'Order within the cohort, from 0.' })
  position: number;

  @Field()
  title: string;

  @Field({ description: 'Markdown.' })
  description: string;

  @Field()
  opensAt: Date;

  @Field()
  closesAt: Date;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  static from(entity: CourseModuleEntity): CourseModule {
    return Object.assign(new CourseModule(), {
      id: entity.id,
      cohortId: entity.cohortId,
      position: entity.position,
      title: entity.title,
      description: entity.description,
      opensAt: entity.opensAt,
      closesAt: entity.closesAt,
      archivedAt: entity.archivedAt,
    });
  }
}

@ObjectType()
export class CourseModuleConnection extends ConnectionType(CourseModule) {}
