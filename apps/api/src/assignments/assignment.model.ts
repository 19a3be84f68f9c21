import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import { AnonymityMode, AssignmentEntity } from './assignment.entity';
import { RubricCriterionEntity } from './rubric-criterion.entity';

registerEnumType(AnonymityMode, {
  name: 'AnonymityMode',
  description: 'OPEN: names both ways. SINGLE_BLIND: authors do not learn their reviewers. DOUBLE_BLIND: neither side learns the other.',
});

@ObjectType({ description: 'One criterion of a review rubric, scored as a whole number from minScore to maxScore.' })
export class RubricCriterion {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  position: number;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => Int)
  minScore: number;

  @Field(() => Int)
  maxScore: number;

  static from(entity: RubricCriterionEntity): RubricCriterion {
    return Object.assign(new RubricCriterion(), {
      id: entity.id,
      position: entity.position,
      title: entity.title,
      description: entity.description,
      minScore: entity.minScore,
      maxScore: entity.maxScore,
    });
  }
}

@ObjectType()
export class Assignment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  moduleId: string;

  @Field()
  title: string;

  @Field({ description: 'Markdown.' })
  instructions: string;

  @Field()
  dueAt: Date;

  @Field()
  reviewDueAt: Date;

  @Field(() => Int)
  reviewsPerSubmission: number;

  @Field(() => AnonymityMode)
  anonymity: AnonymityMode;

  @Field({ description: 'Under a blind mode, still show the hidden person’s municipality and business domain.' })
  showHiddenAffiliation: boolean;

  @Field()
  allowLateSubmissions: boolean;

  @Field({ description: 'Authors see reviews as soon as they are written, instead of after reviewDueAt.' })
  releaseReviewsImmediately: boolean;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  static from(entity: AssignmentEntity): Assignment {
    return Object.assign(new Assignment(), {
      id: entity.id,
      moduleId: entity.moduleId,
      title: entity.title,
      instructions: entity.instructions,
      dueAt: entity.dueAt,
      reviewDueAt: entity.reviewDueAt,
      reviewsPerSubmission: entity.reviewsPerSubmission,
      anonymity: entity.anonymity,
      showHiddenAffiliation: entity.showHiddenAffiliation,
      allowLateSubmissions: entity.allowLateSubmissions,
      releaseReviewsImmediately: entity.releaseReviewsImmediately,
      archivedAt: entity.archivedAt,
    });
  }
}

@ObjectType()
export class AssignmentConnection extends ConnectionType(Assignment) {}
