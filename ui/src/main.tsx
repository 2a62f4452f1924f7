// Hawser's web UI: a single-page app over the server's API (see docs/ui.md).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { strings } from './strings';
import { onSessionExpired, setToken, token, tokenExpiry } from './lib/api';
import { logout, userInfo, type UserInfo } from './lib/session';
import { match, navigate, useLocation } from './lib/router';
import { applyTheme, savedTheme } from './lib/theme';
import { appsStore } from './lib/apps';
import { readFilters, serverFilters } from './lib/filters';
import { Layout } from './components/Layout';
import { Login, safeReturn } from './pages/Login';
import { AppList } from './pages/AppList';
import { NotFound } from './pages/NotFound';
import { AppDetail } from './pages/AppDetail';
import { ApplicationSetsPage, ClustersPage, ProjectsPage, RepositoriesPage } from './pages/ReadPages';
import { AuditPage } from './pages/AuditPage';

/**
 * The server's SSO callback comes back here with the session token in the fragment (`/applications#token=JWT`): keep it as a
 * password login's token, and take it out of the address bar (and so out of the history and any bookmark).
 */
function takeSsoToken(): void {
  if (!window.location.hash.startsWith('#')) return;
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const value = fragment.get('token');
  if (value === null) return;
  if (value.length > 0) setToken(value);
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

type Session = { state: 'checking' } | { state: 'out' } | { state: 'in'; user: UserInfo };

function loginUrl(reason: 'expired' | 'loggedOut' | null): string {
  const here = window.location.pathname + window.location.search;
  const params = new URLSearchParams();
  if (reason) params.set(reason, '1');
  // Refusals can arrive twice (the page's requests and the session check): a second one, already on the login page,
  // keeps the page to return to that the first one recorded.
  const back = here.startsWith('/login') ? new URLSearchParams(window.location.search).get('return') : here;
  if (reason !== 'loggedOut' && back) params.set('return', back);
  const text = params.toString();
  return `/login${text ? `?${text}` : ''}`;
}

function App() {
  const location = useLocation();
  const [session, setSession] = useState<Session>({ state: 'checking' });

  const check = async () => {
    const had = token() !== null;
    try {
      const user = await userInfo();
      if (user.loggedIn) {
        setSession({ state: 'in', user });
        return;
      }
    } catch {
      // The server cannot tell: log in again.
    }
    // A stored token the server refuses has expired (or was revoked): say so, and come back here after login.
    setToken(null);
    setSession({ state: 'out' });
    if (had) navigate(loginUrl('expired'), true);
  };

  useEffect(() => {
    void check();
    return onSessionExpired(() => {
      appsStore.reset();
      setSession({ state: 'out' });
      navigate(loginUrl('expired'), true);
    });
  }, []);

  // A session that runs out while the page is open: back to the login page, then here again.
  useEffect(() => {
    if (session.state !== 'in') return undefined;
    const expiry = tokenExpiry(token());
    if (expiry === 0) return undefined;
    const timer = window.setTimeout(() => {
      appsStore.reset();
      setSession({ state: 'out' });
      navigate(loginUrl('expired'), true);
    }, Math.max(0, expiry * 1000 - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session]);

  useEffect(() => {
    if (session.state === 'out' && location.path !== '/login') navigate(loginUrl(null), true);
    if (session.state === 'in' && (location.path === '/login' || location.path === '/')) navigate(location.path === '/login' ? safeReturn(location.query.get('return')) : '/applications', true);
  }, [session, location.path]);

  if (session.state === 'checking') return <p role="status">{strings.common.loading}</p>;
  if (session.state === 'out' || location.path === '/login') {
    return <Login query={location.query} onLoggedIn={() => void check()} />;
  }

  const doLogout = async () => {
    await logout().catch(() => undefined);
    appsStore.reset();
    setSession({ state: 'out' });
    navigate(loginUrl('loggedOut'));
  };

  const path = location.path;
  let page;
  let params: Record<string, string> | null;
  if (path === '/applications' || path === '/applications/') page = <AppList query={location.query} />;
  else if ((params = match('/applications/:name', path) ?? match('/applications/:namespace/:name', path))) page = <AppDetail key={params.name} name={params.name} query={location.query} />;
  else if (path === '/applicationsets') page = <ApplicationSetsPage />;
  else if (path === '/settings/projects') page = <ProjectsPage />;
  else if (path === '/settings/clusters') page = <ClustersPage />;
  else if (path === '/settings/repos') page = <RepositoriesPage />;
  else if (path === '/audit') page = <AuditPage query={location.query} />;
  else page = <NotFound />;

  return (
    <Layout path={path} username={session.user.username ?? ''} onLogout={() => void doLogout()}>
      {page}
    </Layout>
  );
}

applyTheme(savedTheme());
takeSsoToken();
if (token() && window.location.pathname === '/applications') appsStore.prefetch(serverFilters(readFilters(new URLSearchParams(window.location.search))));
render(<App />, document.getElementById('app')!);

