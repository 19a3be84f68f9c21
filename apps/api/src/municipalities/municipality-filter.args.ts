import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsSearchText } from '../common/search-text.validator';
import { PageArgs } from '../common/pagination';

/** Page and filter in one class: two `@Args()` classes would each reject the other's fields. */
@ArgsType()
export class MunicipalityFilterArgs extends PageArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsSearchText(100)
  search?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsSearchText(40)
  province?: string;
}
