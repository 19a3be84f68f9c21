import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly, Authenticated, CurrentActor } from '../auth/access.decorators';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Actor } from '../auth/actor';
import { isAdmin } from '../auth/actor';
import { BusinessDomain } from '../business-domains/business-domain.model';
import { mapConnection } from '../common/pagination';
import { FieldActor, Loaders } from '../graphql/graphql-context';
import type { RequestLoaders } from '../graphql/request-loaders';
import { Municipality } from '../municipalities/municipality.model';
import { SystemRole } from './user.entity';
import { CreateUserInput, UpdateUserInput, UserFilterArgs } from './user.inputs';
import { CreatedUser, PasswordToken, User, UserConnection } from './user.model';
import { UsersService } from './users.service';

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    private readonly policy: AccessPolicy,
  ) {}

  @Authenticated()
  @Query(() => User, { description: 'The logged-in user.' })
  async me(@CurrentActor() actor: Actor): Promise<User> {
    return User.from(await this.service.me(actor));
  }

  @AdminOnly()
  @Query(() => UserConnection)
  async users(@Args() args: UserFilterArgs): Promise<UserConnection> {
    return mapConnection(await this.service.list(args, args), User.from);
  }

  @Authenticated()
  @Query(() => User, { description: 'A person you share a cohort with (admins: anyone).' })
  async user(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string, @Loaders() loaders: RequestLoaders): Promise<User> {
    return User.from(await this.service.get(actor, id, await loaders.cohortIdsByUser.load(id)));
  }

  @AdminOnly()
  @Mutation(() => CreatedUser, { description: 'Creates an account and an invitation to set its password.' })
  async createUser(@CurrentActor() actor: Actor, @Args('input') input: CreateUserInput): Promise<CreatedUser> {
    const { user, invitation } = await this.service.create(actor, input);
    return { user: User.from(user), invitation };
  }

  @AdminOnly()
  @Mutation(() => User)
  async updateUser(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<User> {
    return User.from(await this.service.update(actor, id, input));
  }

  @AdminOnly()
  @Mutation(() => User, { description: 'Blocks logins and ends all sessions; history stays.' })
  async deactivateUser(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<User> {
    return User.from(await this.service.setActive(actor, id, false));
  }

  @AdminOnly()
  @Mutation(() => User)
  async reactivateUser(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<User> {
    return User.from(await this.service.setActive(actor, id, true));
  }

  @AdminOnly()
  @Mutation(() => PasswordToken, { description: 'A one-time token with which the user sets a new password.' })
  issuePasswordReset(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID }) userId: string): Promise<PasswordToken> {
    return this.service.issuePasswordReset(actor, userId);
  }

  @ResolveField(() => String, { nullable: true, description: 'Only for the person, admins and their coaches.' })
  async email(@Parent() user: User, @FieldActor() actor: Actor, @Loaders() loaders: RequestLoaders): Promise<string | null> {
    const cohortIds = actor.id === user.id || isAdmin(actor) ? [] : await loaders.cohortIdsByUser.load(user.id);
    return (await this.policy.canSeePrivateData(actor, user.id, cohortIds)) ? user.email : null;
  }

  @ResolveField(() => SystemRole, { nullable: true, description: 'Only for the person and admins.' })
  role(@Parent() user: User, @FieldActor() actor: Actor): SystemRole | null {
    return actor.id === user.id || isAdmin(actor) ? user.role : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'Whether the account can log in; only for the person and admins.' })
  active(@Parent() user: User, @FieldActor() actor: Actor): boolean | null {
    return actor.id === user.id || isAdmin(actor) ? user.active : null;
  }

  @ResolveField(() => Municipality, { nullable: true })
  async municipality(@Parent() user: User, @Loaders() loaders: RequestLoaders): Promise<Municipality | null> {
    if (!user.municipalityCode) return null;
    const entity = await loaders.municipality.load(user.municipalityCode);
    return entity ? Municipality.from(entity) : null;
  }

  @ResolveField(() => BusinessDomain, { nullable: true })
  async businessDomain(@Parent() user: User, @Loaders() loaders: RequestLoaders): Promise<BusinessDomain | null> {
    if (!user.businessDomainCode) return null;
    const entity = await loaders.businessDomain.load(user.businessDomainCode);
    return entity ? BusinessDomain.from(entity) : null;
  }
}
