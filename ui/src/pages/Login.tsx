// The login page: a local account's username and password, and the SSO button when the server's settings configure one.
import { useEffect, useState } from 'preact/hooks';
import { strings } from '../strings';
import { login, serverSettings, ssoName } from '../lib/session';
import { messageOf } from '../lib/api';

/** A return path inside this app only (never another origin). */
export function safeReturn(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : '/applications';
}

export function Login({ query, onLoggedIn }: { query: URLSearchParams; onLoggedIn: (returnTo: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sso, setSso] = useState<string | null>(null);
  const [localLogins, setLocalLogins] = useState(true);
  const returnTo = safeReturn(query.get('return'));

  useEffect(() => {
    void serverSettings().then((settings) => {
      setSso(ssoName(settings));
      setLocalLogins(!(settings?.userLoginsDisabled && ssoName(settings)));
    });
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      onLoggedIn(returnTo);
    } catch (e) {
      setError(strings.login.failed(messageOf(e)));
      setBusy(false);
    }
  };

  const notice = query.has('expired') ? strings.login.expired : query.has('loggedOut') ? strings.login.loggedOut : null;
  return (
    <main id="main" class="login-page">
      <form class="login card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">
          <img src="/favicon.svg" alt="" width="32" height="32" /> {strings.login.title}
        </h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {localLogins && (
          <>
            <label>
              {strings.login.username}
              <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <label>
              {strings.login.password}
              <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="button primary" disabled={busy}>
              {busy ? strings.login.submitting : strings.login.submit}
            </button>
          </>
        )}
        {sso && (
          <>
            {localLogins && <p class="or">{strings.login.or}</p>}
            <a class="button secondary" href={`/auth/login?return_url=${encodeURIComponent(returnTo)}`}>
              {strings.login.sso(sso)}
            </a>
          </>
        )}
      </form>
    </main>
  );
}
