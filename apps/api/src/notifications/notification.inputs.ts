import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsString, Length } from 'class-validator';

@ArgsType()
export class NotificationFilterArgs {
  @Field({ defaultValue: false })
  @IsBoolean()
  unreadOnly: boolean = false;
}

@ArgsType()
export class NotificationIdArgs {
  @Field(() => ID, { description: 'A notification id, or a deadline reminder’s key.' })
  @IsString()
  @Length(1, 120)
  id: string;
}
