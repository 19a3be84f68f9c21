import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { EntityRows } from '../graphql/entity-rows';
import { SubmissionEntity } from '../submissions/submission.entity';
import { PeerReviewScoreEntity } from './peer-review-score.entity';

/** The tables the review loaders read, with their statements: one set per application. */
interface ReviewTables {
  submissions: EntityRows<SubmissionEntity>;
  scores: EntityRows<PeerReviewScoreEntity>;
}

/** Per-request batching for the nested fields of reviews (one statement per level). */
export class PeerReviewLoaders {
  constructor(private readonly tables: ReviewTables) {}

  readonly submission = new DataLoader<string, SubmissionEntity | undefined>(async (ids) => {
    const rows = await this.tables.submissions.whereIn('id', ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  });

  readonly scoresByReview = new DataLoader<string, PeerReviewScoreEntity[]>(async (reviewIds) => {
    const rows = await this.tables.scores.whereIn('peer_review_id', reviewIds);
    const groups = new Map<string, PeerReviewScoreEntity[]>();
    for (const row of rows) groups.set(row.peerReviewId, [...(groups.get(row.peerReviewId) ?? []), row]);
    return reviewIds.map((id) => groups.get(id) ?? []);
  });
}

/** Hands out one PeerReviewLoaders per GraphQL request, keyed by the request object. */
@Injectable()
export class PeerReviewLoadersFactory {
  private readonly perRequest = new WeakMap<object, PeerReviewLoaders>();
  private tables?: ReviewTables;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  for(request: object): PeerReviewLoaders {
    let loaders = this.perRequest.get(request);
    if (!loaders) {
      this.tables ??= {
        submissions: new EntityRows(this.dataSource, SubmissionEntity, 'submission'),
        scores: new EntityRows(this.dataSource, PeerReviewScoreEntity, 'score'),
      };
      loaders = new PeerReviewLoaders(this.tables);
      this.perRequest.set(request, loaders);
    }
    return loaders;
  }
}
