// The server's API (Argo CD's REST paths and JSON shapes). The session token from POST /api/v1/session is kept in
// localStorage and sent as a bearer token; a 401 on any other call ends the session (the app shows the login page).

const tokenKey = 'hawser.token';

/** An error answer of the API: its HTTP status and Argo CD's error message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** Called when the server refuses the session (expired or revoked). */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export function token(): string | null {
  return localStorage.getItem(tokenKey);
}

export function setToken(value: string | null): void {
  if (value) localStorage.setItem(tokenKey, value);
  else localStorage.removeItem(tokenKey);
}

/** Seconds since the epoch at which the stored JWT expires (0: never or unknown). */
export function tokenExpiry(value: string | null = token()): number {
  if (!value) return 0;
  try {
    const part = value.split('.')[1] ?? '';
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return claims.exp ?? 0;
  } catch {
    return 0;
  }
}

function headers(body: boolean): Headers {
  const result = new Headers({ Accept: 'application/json' });
  const current = token();
  if (current) result.set('Authorization', `Bearer ${current}`);
  if (body) result.set('Content-Type', 'application/json');
  return result;
}

async function errorOf(response: Response): Promise<ApiError> {
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { message?: string; error?: string };
    message = body.message ?? body.error ?? message;
  } catch {
    // Not Argo CD's error body: keep the status text.
  }
  return new ApiError(response.status, message);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not end the session on a 401 (the login call itself). */
  anonymous?: boolean;
}

/** Calls the API and returns its JSON answer; throws ApiError on an error status. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers: headers(options.body !== undefined),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && !options.anonymous) {
      setToken(null);
      expiredListeners.forEach((l) => l());
    }
    throw error;
  }
  const text = await response.text();
  return (text.length === 0 ? {} : JSON.parse(text)) as T;
}

/** A query string from the non-empty values (arrays repeat the key). */
export function query(values: Record<string, string | string[] | undefined | boolean>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text.length === 0 ? '' : `?${text}`;
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
