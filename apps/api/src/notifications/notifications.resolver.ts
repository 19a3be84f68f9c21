import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { NotificationFilterArgs, NotificationIdArgs } from './notification.inputs';
import { Notification } from './notification.model';
import { NotificationsService } from './notifications.service';

@Resolver(() => Notification)
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Authenticated()
  @Query(() => [Notification], { description: 'The caller’s notifications, newest first, with deadline reminders for the next 48 hours.' })
  myNotifications(@CurrentActor() actor: Actor, @Args() { unreadOnly }: NotificationFilterArgs): Promise<Notification[]> {
    return this.service.list(actor, unreadOnly);
  }

  @Authenticated()
  @Mutation(() => Notification, { description: 'Marks one of the caller’s notifications (or reminders, by key) read.' })
  markNotificationRead(@CurrentActor() actor: Actor, @Args() { id }: NotificationIdArgs): Promise<Notification> {
    return this.service.markRead(actor, id);
  }

  @Authenticated()
  @Mutation(() => Int, { description: 'Marks all of the caller’s notifications read; returns how many were unread.' })
  markAllNotificationsRead(@CurrentActor() actor: Actor): Promise<number> {
    return this.service.markAllRead(actor);
  }
}
