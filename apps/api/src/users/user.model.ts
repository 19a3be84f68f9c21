import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination';
import { SystemRole, UserEntity } from './user.entity';

registerEnumType(SystemRole, { name: 'SystemRole', description: 'ADMIN runs the platform; everyone else is USER.' });

/**
 * A person. Name, job title, municipality and business domain form the profile cohort members
 * see; e-mail, role and status are resolved through the access policy.
 */
@ObjectType()
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  jobTitle: string | null;

  /** Not fields: resolved with access checks by UsersFieldsResolver. */
  email: string;
  role: SystemRole;
  active: boolean;
  municipalityCode: string | null;
  businessDomainCode: string | null;
  createdAt: Date;

  static from(entity: UserEntity): User {
    return Object.assign(new User(), {
      id: entity.id,
      name: entity.name,
      jobTitle: entity.jobTitle,
      email: entity.email,
      role: entity.role,
      active: entity.deactivatedAt === null,
      municipalityCode: entity.municipalityCode,
      businessDomainCode: entity.businessDomainCode,
      createdAt: entity.createdAt,
    });
  }
}

@ObjectType()
export class UserConnection extends ConnectionType(User) {}

@ObjectType({ description: 'A one-time link secret that lets a user set a password; hand it to them.' })
export class PasswordToken {
  @Field()
  token: string;

  @Field()
  expiresAt: Date;
}

@ObjectType()
export class CreatedUser {
  @Field(() => User)
  user: User;

  @Field(() => PasswordToken, { description: 'Invitation to set a password.' })
  invitation: PasswordToken;
}
