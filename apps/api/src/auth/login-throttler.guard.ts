import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { normalizeIp, ThrottlerGuard } from '@nestjs/throttler';

/** The throttler guard, taught where GraphQL keeps the request and response. */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  protected override getRequestResponse(context: ExecutionContext) {
    const gqlContext = GqlExecutionContext.create(context).getContext<{ req: Record<string, any>; reply: Record<string, any> }>();
    return { req: gqlContext.req, res: gqlContext.reply };
  }
}

/** Login attempts are counted per account (the e-mail argument) and per client address. */
export function loginAccountTracker(_req: Record<string, unknown>, context: ExecutionContext): string {
  const args = GqlExecutionContext.create(context).getArgs<{ email?: unknown }>();
  return `account:${typeof args.email === 'string' ? args.email.trim().toLowerCase() : ''}`;
}

export function clientAddressTracker(req: Record<string, any>): string {
  // `req.ip` honours Fastify's `trustProxy` setting, so X-Forwarded-For counts only behind a trusted proxy.
  // normalizeIp counts an IPv6 client per /64 (one subscriber's prefix holds 2^64 addresses) and an
  // IPv4-mapped address as its IPv4 address, as the throttler's default tracker does.
  return `address:${normalizeIp(String(req.ip ?? req.socket?.remoteAddress ?? 'unknown'))}`;
}
