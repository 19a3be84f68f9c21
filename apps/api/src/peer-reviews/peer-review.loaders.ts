import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { SubmissionEntity } from '../submissions/submission.entity';
import { PeerReviewScoreEntity } from './peer-review-score.entity';

/** Per-request batching for the nested fields of reviews (one statement per level). */
export class PeerReviewLoaders {
  constructor(private readonly dataSource: DataSource) {}

  readonly submission = new DataLoader<string, SubmissionEntity | undefined>(async (ids) => {
    const rows = await this.dataSource.getRepository(SubmissionEntity).find({ where: { id: In([...ids]) } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  });

  readonly scoresByReview = new DataLoader<string, PeerReviewScoreEntity[]>(async (reviewIds) => {
    const rows = await this.dataSource.getRepository(PeerReviewScoreEntity).find({ where: { peerReviewId: In([...reviewIds]) } });
    const groups = new Map<string, PeerReviewScoreEntity[]>();
    for (const row of rows) groups.set(row.peerReviewId, [...(groups.get(row.peerReviewId) ?? []), row]);
    return reviewIds.map((id) => groups.get(id) ?? []);
  });
}

/** Hands out one PeerReviewLoaders per GraphQL request, keyed by the request object. */
@Injectable()
export class PeerReviewLoadersFactory {
  private readonly perRequest = new WeakMap<object, PeerReviewLoaders>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  for(request: object): PeerReviewLoaders {
    let loaders = this.perRequest.get(request);
    if (!loaders) {
      loaders = new PeerReviewLoaders(this.dataSource);
      this.perRequest.set(request, loaders);
    }
    return loaders;
  }
}
