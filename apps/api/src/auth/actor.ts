import { SystemRole } from '../users/user.entity';

/** Who is calling: resolved once per request by the access guard from the access token. */
export interface Actor {
  id: string;
  role: SystemRole;
}

export const isAdmin = (actor: Actor): boolean => actor.role === SystemRole.ADMIN;
