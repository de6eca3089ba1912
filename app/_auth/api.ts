"use client";
import type { SessionInfo, TokenView, UserView } from "@contract";
import { sessionStore, toLogin, writeHeaders } from "../_shell/session";

/** What a person reads for each access or account error code. */
export const authErrorText: Record<string, string> = {
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

export class AuthApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(authErrorText[code] ?? code);
  }
}

/** A JSON request with the CSRF token; a 401 from a lost session sends the browser to the login page. */
export async function request<T>(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<T> {
  const headers = method === "GET" ? {} : await writeHeaders();
  const res = await fetch(url, { method, headers, cache: "no-store", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string } & Record<string, unknown> };
  if (!res.ok) {
    const code = json.error?.code ?? `HTTP_${res.status}`;
    if (res.status === 401 && code === "UNAUTHENTICATED" && !url.startsWith("/api/auth/")) toLogin();
    if (code === "CSRF_TOKEN") void sessionStore.load().catch(() => undefined);
    throw new AuthApiError(code, res.status, json.error ?? {});
  }
  return json as T;
}

export async function login(username: string, password: string): Promise<SessionInfo> {
  const info = await request<SessionInfo>("POST", "/api/auth/login", { username, password });
  sessionStore.set(info);
  return info;
}

export async function logout(): Promise<void> {
  await request("POST", "/api/auth/logout", {}).catch(() => undefined);
  sessionStore.set(null);
  window.location.assign("/login");
}

export const listUsers = () => request<{ users: UserView[] }>("GET", "/api/admin/users");
export const createUser = (b: { username: string; password: string; role: string }) => request<UserView>("POST", "/api/admin/users", b);
export const updateUser = (id: string, b: { role?: string; disabled?: boolean; password?: string }) => request<UserView>("PATCH", `/api/admin/users/${encodeURIComponent(id)}`, b);
export const deleteUser = (id: string) => request("DELETE", `/api/admin/users/${encodeURIComponent(id)}`);
export const listTokens = () => request<{ tokens: TokenView[] }>("GET", "/api/admin/tokens");
export const createToken = (b: { username: string; name: string; role: string; expiresInDays?: number }) => request<TokenView & { token: string }>("POST", "/api/admin/tokens", b);
export const revokeToken = (id: string) => request<TokenView>("DELETE", `/api/admin/tokens/${encodeURIComponent(id)}`);
