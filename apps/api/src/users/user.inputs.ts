import { IfPresent } from '../common/if-present.validator';
import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageArgs } from '../common/pagination';
import { SystemRole } from './user.entity';
import { IsSearchText } from '../common/search-text.validator';

export const MUNICIPALITY_CODE = /^GM\d{4}$/;
export const DOMAIN_CODE = /^[A-Z]{2,8}$/;

/** Addresses pasted from a mail program often carry spaces; they are not part of the address. */
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class CreateUserInput {
  @Field()
  @IsString()
  @Length(1, 120)
  name: string;

  @Field()
  @Transform(trimmed)
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @Field(() => String, { nullable: true, description: 'CBS code, e.g. GM0363.' })
  @IsOptional()
  @Matches(MUNICIPALITY_CODE, { message: 'must be a CBS municipality code such as GM0363' })
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DOMAIN_CODE, { message: 'must be a business domain code such as IA' })
  businessDomainCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  jobTitle?: string | null;

  @Field(() => SystemRole, { defaultValue: SystemRole.USER })
  @IsEnum(SystemRole)
  role: SystemRole = SystemRole.USER;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @IfPresent()
  @IsString()
  @Length(1, 120)
  name?: string;

  @Field({ nullable: true })
  @IfPresent()
  @Transform(trimmed)
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(MUNICIPALITY_CODE, { message: 'must be a CBS municipality code such as GM0363' })
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DOMAIN_CODE, { message: 'must be a business domain code such as IA' })
  businessDomainCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  jobTitle?: string | null;

  @Field(() => SystemRole, { nullable: true })
  @IfPresent()
  @IsEnum(SystemRole)
  role?: SystemRole;
}

/** Page and filter in one class: two `@Args()` classes would each reject the other's fields. */
@ArgsType()
export class UserFilterArgs extends PageArgs {
  @Field({ nullable: true, description: 'Part of the name or e-mail address.' })
  @IsOptional()
  @IsSearchText(100)
  search?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(MUNICIPALITY_CODE, { message: 'must be a CBS municipality code such as GM0363' })
  municipalityCode?: string;
}
