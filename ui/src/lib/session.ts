// Who is logged in, what the server's settings say about SSO, and what the user may do (can-i), cached per page load.
import { api, ApiError, setToken } from './api';

export interface UserInfo {
  loggedIn: boolean;
  username?: string;
  groups?: string[];
}

export interface ServerSettings {
  url?: string;
  oidcConfig?: { name?: string } | null;
  dexConfig?: { connectors?: { name?: string }[] } | null;
  /** Only SSO: the local login form is hidden. */
  userLoginsDisabled?: boolean;
}

export async function userInfo(): Promise<UserInfo> {
  try {
    return await api<UserInfo>('/api/v1/session/userinfo', { anonymous: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { loggedIn: false };
    throw error;
  }
}

/** The public settings (null when the server does not publish them). */
export async function serverSettings(): Promise<ServerSettings | null> {
  try {
    return await api<ServerSettings>('/api/v1/settings', { anonymous: true });
  } catch {
    return null;
  }
}

/** The name of the SSO provider the settings configure, or null when there is none. */
export function ssoName(settings: ServerSettings | null): string | null {
  if (!settings) return null;
  if (settings.oidcConfig) return settings.oidcConfig.name || 'SSO';
  const connectors = settings.dexConfig?.connectors ?? [];
  if (connectors.length > 0) return connectors[0].name || 'SSO';
  return null;
}

export async function login(username: string, password: string): Promise<void> {
  const answer = await api<{ token: string }>('/api/v1/session', { method: 'POST', body: { username, password }, anonymous: true });
  setToken(answer.token);
  permissions.clear();
}

export async function logout(): Promise<void> {
  try {
    await api('/api/v1/session', { method: 'DELETE', anonymous: true });
  } finally {
    setToken(null);
    permissions.clear();
  }
}

/** yes: allowed; no: refused; unknown: the server cannot tell (no can-i endpoint): the action is tried and a 403 shown. */
export type Permission = 'yes' | 'no' | 'unknown';

const permissions = new Map<string, Promise<Permission>>();

/** Argo CD's `GET /api/v1/account/can-i/RESOURCE/ACTION/OBJECT`, e.g. ('applications', 'sync', 'default/guestbook'). */
export function canI(resource: string, action: string, object: string): Promise<Permission> {
  const key = `${resource}/${action}/${object}`;
  let answer = permissions.get(key);
  if (!answer) {
    answer = api<{ value?: string }>(`/api/v1/account/can-i/${encodeURIComponent(resource)}/${encodeURIComponent(action)}/${object.split('/').map(encodeURIComponent).join('/')}`)
      .then((r): Permission => (r.value === 'yes' ? 'yes' : 'no'))
      .catch((): Permission => 'unknown');
    permissions.set(key, answer);
  }
  return answer;
}
