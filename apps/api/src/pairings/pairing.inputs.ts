import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';

@InputType({ description: 'Soft-constraint weights; defaults 1 / 3 / 1.' })
export class PairingWeightsInput {
  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(0)
  @Max(1000)
  sameDomain: number = 1;

  @Field(() => Int, { defaultValue: 3 })
  @IsInt()
  @Min(0)
  @Max(1000)
  repeat: number = 3;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(0)
  @Max(1000)
  repeatMunicipality: number = 1;
}

@InputType()
export class PairingPreviewOptions {
  @Field(() => Int, { defaultValue: 1, description: 'Breaks ties: another seed gives another pairing of the same cost.' })
  @IsInt()
  @Min(0)
  @Max(2147483647)
  seed: number = 1;

  @Field(() => PairingWeightsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PairingWeightsInput)
  weights?: PairingWeightsInput;
}

@ArgsType()
export class PreviewPairingsArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;

  @Field(() => PairingPreviewOptions, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PairingPreviewOptions)
  options?: PairingPreviewOptions;
}

@ArgsType()
export class AssignmentPairingArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;
}

@ArgsType()
export class PairConstraintArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be a user id' })
  reviewerId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be a user id' })
  authorId: string;
}

@ArgsType()
export class PublishPairingsArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(0)
  @Max(2147483647)
  seed: number = 1;
}

@ArgsType()
export class SwapReviewersArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a pair id' })
  pairA: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be a pair id' })
  pairB: string;

  @Field(() => Int, { description: 'The pairing version you saw; a newer one refuses the change.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@ArgsType()
export class RemovePairArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a pair id' })
  pairId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@ArgsType()
export class ApplyRepairArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assignment id' })
  assignmentId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(0)
  @Max(2147483647)
  seed: number = 1;
}
