import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { MUNICIPALITY_CODE } from '../users/user.inputs';

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

/** Enough for one municipality's whole row and column (2 × 342 cells) in one request. */
export const MAX_MATRIX_CELLS = 1000;

@ArgsType()
export class MunicipalityMatrixArgs {
  @Field(() => String, { nullable: true, description: 'Only the cells where this municipality (CBS code) reviews or is reviewed.' })
  @IsOptional()
  @Matches(MUNICIPALITY_CODE, { message: 'must be a CBS municipality code such as GM0363' })
  municipalityCode?: string | null;

  @Field(() => Int, { defaultValue: 100, description: `The busiest cells first, 1 to ${MAX_MATRIX_CELLS}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_MATRIX_CELLS)
  first = 100;
}
