import { Field, ObjectType } from '@nestjs/graphql';
import { BusinessDomain } from '../business-domains/business-domain.model';
import { Municipality } from '../municipalities/municipality.model';

/**
 * The other side of a review pair as the viewer may see them. When the assignment hides the
 * identity, there is no name and no id of any kind (an id would map back to a user); the
 * municipality and domain stay when the assignment shows affiliations.
 */
@ObjectType()
export class Counterpart {
  @Field({ description: 'True when the assignment’s anonymity hides who this is.' })
  hidden: boolean;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => Municipality, { nullable: true })
  municipality: Municipality | null;

  @Field(() => BusinessDomain, { nullable: true })
  businessDomain: BusinessDomain | null;
}
