import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssignmentsModule } from '../assignments/assignments.module';
import { AssignmentPairingEntity } from './assignment-pairing.entity';
import { PairingConstraintEntity } from './pairing-constraint.entity';
import { PairingChangesService } from './pairing-changes.service';
import { PairingQueriesService } from './pairing-queries.service';
import { PairingStateService } from './pairing-state.service';
import { PairingsResolver } from './pairings.resolver';
import { PairingsService } from './pairings.service';

@Module({
  imports: [TypeOrmModule.forFeature([AssignmentPairingEntity, PairingConstraintEntity]), AssignmentsModule],
  providers: [PairingsResolver, PairingsService, PairingChangesService, PairingQueriesService, PairingStateService],
})
export class PairingsModule {}
