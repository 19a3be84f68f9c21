import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssignmentsModule } from '../assignments/assignments.module';
import { AttachmentEntity } from './attachment.entity';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { SubmissionFeedbackEntity } from './submission-feedback.entity';
import { SubmissionLoadersFactory } from './submission-loaders';
import { SubmissionViewService } from './submission-view.service';
import { SubmissionEntity } from './submission.entity';
import { SubmissionsResolver } from './submissions.resolver';
import { SubmissionsService } from './submissions.service';
import { UnlinkedUploadsService } from './unlinked-uploads.service';

@Module({
  imports: [TypeOrmModule.forFeature([SubmissionEntity, AttachmentEntity, SubmissionFeedbackEntity]), AssignmentsModule],
  controllers: [AttachmentsController],
  providers: [SubmissionsResolver, SubmissionsService, SubmissionViewService, SubmissionLoadersFactory, AttachmentsService, UnlinkedUploadsService],
  exports: [SubmissionsService],
})
export class SubmissionsModule {}
