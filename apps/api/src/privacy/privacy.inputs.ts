import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';

@ArgsType()
export class EraseUserArgs {
  @Field(() => ID)
  @IsUUID('all')
  userId: string;

  @Field({ description: 'The user’s e-mail address, retyped to confirm an irreversible erasure.' })
  @IsString()
  @Length(1, 254)
  confirmEmail: string;
}
