"use client";
import { authRoutes, type BodyOf, type SessionInfo } from "@contract";
import { call, type CodeOf } from "../_api/client";
import { sessionStore } from "../_shell/session";

/** Every code an account route can answer with. */
export type AuthCode = CodeOf<(typeof authRoutes)[keyof typeof authRoutes]>;

/** What a person reads for each access or account error code. */
export const authErrorText: Partial<Record<AuthCode, string>> = {
  UNAUTHENTICATED: "Sign in to do this.",
  INVALID_CREDENTIALS: "Wrong user name or password.",
  FORBIDDEN: "Your role does not allow this.",
  CROSS_ORIGIN: "Refused: the request did not come from this dashboard.",
  CSRF_TOKEN: "Your session's security token is missing or stale; reload the page.",
  TOO_MANY_ATTEMPTS: "Too many failed sign-ins. Wait and try again.",
  INVALID_USERNAME: "User names are 1–64 letters, digits, '.', '_', '@' or '-'.",
  WEAK_PASSWORD: "Passwords need at least 12 characters and must not be the user name.",
  USERNAME_TAKEN: "That user name is taken.",
  LAST_ADMIN: "The last admin cannot be demoted, disabled or deleted.",
  NOT_FOUND: "It no longer exists.",
  INVALID_BODY: "The request was not understood.",
};

export async function login(username: string, password: string): Promise<SessionInfo> {
  const info = await call(authRoutes.login, { body: { username, password } });
  sessionStore.set(info);
  return info;
}

export async function logout(): Promise<void> {
  await call(authRoutes.logout).catch(() => undefined);
  sessionStore.set(null);
  window.location.assign("/login");
}

type Body<K extends keyof typeof authRoutes> = BodyOf<(typeof authRoutes)[K]>;

export const changePassword = (body: Body<"password">) => call(authRoutes.password, { body });
export const listUsers = () => call(authRoutes.listUsers);
export const createUser = (body: Body<"createUser">) => call(authRoutes.createUser, { body });
export const updateUser = (id: string, body: Body<"updateUser">) =>
  call(authRoutes.updateUser, { params: { id }, body });
export const deleteUser = (id: string) => call(authRoutes.deleteUser, { params: { id } });
export const listTokens = () => call(authRoutes.listTokens);
export const createToken = (body: Body<"createToken">) => call(authRoutes.createToken, { body });
export const revokeToken = (id: string) => call(authRoutes.revokeToken, { params: { id } });
