import { randomBytes } from 'node:crypto';
import type { App } from 'supertest/types';
import { gql, GraphQLResponse, ok } from './test-app';

/** Helpers shared by the authorization matrix, the token tests and the throttling tests. */

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken } }`;
const REFRESH = `mutation ($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken refreshToken } }`;

/** Logs in and returns both tokens (the harness's `login` returns the access token only). */
export async function loginSession(http: App, email: string, password: string): Promise<SessionTokens> {
  return (await ok<{ login: SessionTokens }>(http, LOGIN, { email, password })).login;
}

/** The raw response of a login attempt, for tests that expect it to fail. */
export function tryLogin(http: App, email: string, password: string): Promise<GraphQLResponse<{ login: SessionTokens }>> {
  return gql<{ login: SessionTokens }>(http, LOGIN, { email, password });
}

export function tryRefresh(http: App, refreshToken: string): Promise<GraphQLResponse<{ refreshToken: SessionTokens }>> {
  return gql<{ refreshToken: SessionTokens }>(http, REFRESH, { refreshToken });
}

export async function refreshSession(http: App, refreshToken: string): Promise<SessionTokens> {
  return (await ok<{ refreshToken: SessionTokens }>(http, REFRESH, { refreshToken })).refreshToken;
}

/** An address no other test uses. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@gemeente.example`;
}

export interface InvitedUser {
  id: string;
  email: string;
  invitation: string;
}

/** Creates an account as admin without accepting the invitation (no password hashing: cheap). */
export async function inviteUser(
  http: App,
  adminToken: string,
  input: { email?: string; municipalityCode?: string; businessDomainCode?: string; name?: string } = {},
): Promise<InvitedUser> {
  const email = input.email ?? uniqueEmail();
  const data = await ok<{ createUser: { user: { id: string }; invitation: { token: string } } }>(
    http,
    `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } invitation { token } } }`,
    {
      input: {
        name: input.name ?? 'Invited Person',
        email,
        municipalityCode: input.municipalityCode ?? 'GM0344',
        businessDomainCode: input.businessDomainCode ?? 'DIV',
      },
    },
    adminToken,
  );
  return { id: data.createUser.user.id, email, invitation: data.createUser.invitation.token };
}

/** The error codes of a response, in order; `[]` when it succeeded. */
export function errorCodes(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((error) => error.extensions.code);
}
