import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpCode,
  HttpException,
  Param,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { contentDisposition, MAX_ATTACHMENT_BYTES, servedContentType } from './attachment-files';
import { AttachmentsService } from './attachments.service';
import type { UploadedFileData } from './attachments.service';

export interface UploadedAttachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * The multipart parser's own refusals (too large, wrong field, too many parts) arrive as Nest HTTP exceptions;
 * give them the same JSON shape as domain errors. Domain errors go to the global filter.
 */
@Catch(HttpException)
export class UploadErrorFilter implements ExceptionFilter {
  catch(error: HttpException, host: ArgumentsHost): void {
    const status = error.getStatus();
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT';
    const message = status === 413 ? `the file is larger than ${MAX_ATTACHMENT_BYTES} bytes` : error.message;
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(status)
      .send({ code, message: `file: ${message}`, problems: [{ field: 'file', message }] });
  }
}

@Controller('attachments')
@UseFilters(UploadErrorFilter)
export class AttachmentsController {
  constructor(private readonly service: AttachmentsService) {}

  /** Multipart upload in the field `file`; link the returned id in `submitAssignment`. */
  @Authenticated()
  @Post()
  @HttpCode(201)
  @UseInterceptors(
    FileInterceptor('file', {
      limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 0, parts: 2 },
      defParamCharset: 'utf8',
    }),
  )
  async upload(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedFileData | undefined): Promise<UploadedAttachment> {
    const attachment = await this.service.upload(actor, file);
    return {
      id: attachment.id,
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      sizeBytes: attachment.sizeBytes,
      sha256: attachment.sha256,
    };
  }

  @Authenticated()
  @Get(':id')
  async download(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.service.open(actor, id);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'private, no-store');
    reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(stream, {
      type: servedContentType(attachment.contentType),
      disposition: contentDisposition(attachment.fileName),
      length: attachment.sizeBytes,
    });
  }
}
