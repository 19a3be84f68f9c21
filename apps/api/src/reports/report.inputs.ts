import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsUUID } from 'class-validator';

/** At most this many cohorts side by side: each costs the report's fixed handful of statements. */
export const MAX_COMPARED_COHORTS = 20;

@ArgsType()
export class CohortReportArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a cohort id' })
  cohortId: string;
}

@ArgsType()
export class CohortComparisonArgs {
  @Field(() => [ID], { description: `1 to ${MAX_COMPARED_COHORTS} distinct cohort ids; rows come back in this order.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COMPARED_COHORTS)
  @ArrayUnique({ message: 'must not name a cohort twice' })
  @IsUUID('all', { each: true, message: 'must be cohort ids' })
  cohortIds: string[];
}
