import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Everything the platform holds about the caller (AVG/GDPR right of access).' })
export class MyDataExport {
  @Field()
  generatedAt: Date;

  @Field({
    description:
      'A JSON document: profile, enrollments, submissions (all versions, attachment metadata), reviews written and received, ' +
      'helpfulness ratings given, notifications and the caller’s own audit entries. Reviewers hidden by an assignment’s anonymity stay hidden.',
  })
  json: string;
}
