import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AdminOnly, Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { DataExportService } from './data-export.service';
import { ErasureService } from './erasure.service';
import { MyDataExport } from './privacy.model';
import { EraseUserArgs } from './privacy.inputs';
import { RetentionService } from './retention.service';

@Resolver()
export class PrivacyResolver {
  constructor(
    private readonly exports: DataExportService,
    private readonly erasure: ErasureService,
    private readonly retention: RetentionService,
  ) {}

  @Authenticated()
  @Query(() => MyDataExport, { description: 'Everything the platform holds about the caller, as JSON (AVG/GDPR right of access).' })
  exportMyData(@CurrentActor() actor: Actor): Promise<MyDataExport> {
    return this.exports.export(actor);
  }

  @AdminOnly()
  @Mutation(() => Boolean, {
    description:
      'Irreversibly erases a person’s personal data (name, e-mail, job title, password, sessions, notifications, texts and files they wrote); ' +
      'scores, counts, municipality and business domain stay for the statistics. confirmEmail must repeat the user’s e-mail address.',
  })
  eraseUser(@CurrentActor() actor: Actor, @Args() args: EraseUserArgs): Promise<boolean> {
    return this.erasure.erase(actor, args.userId, args.confirmEmail);
  }

  @AdminOnly()
  @Mutation(() => Int, { description: 'Purges the submissions of closed cohorts past SUBMISSION_RETENTION_DAYS now; returns how many (0 when unset).' })
  purgeExpiredSubmissions(@CurrentActor() actor: Actor): Promise<number> {
    return this.retention.purgeClosedCohortSubmissions(new Date(), actor.id);
  }
}
