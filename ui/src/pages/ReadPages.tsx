// Read views of ApplicationSets, projects, clusters and repositories: one table each, from the server's list endpoints.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { strings } from '../strings';
import { api, ApiError, messageOf } from '../lib/api';
import type { ListResponse } from '../lib/model';
import { Link } from '../components/Link';
import { HealthStatus, SyncStatus } from '../components/StatusIcon';

type Loaded<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ok'; items: T[] };

function useList<T>(path: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const load = () => {
    setLoaded({ state: 'loading' });
    api<ListResponse<T>>(path)
      .then((r) => setLoaded({ state: 'ok', items: r.items ?? [] }))
      .catch((error) => setLoaded({ state: 'error', error }));
  };
  useEffect(load, [path]);
  return [loaded, load];
}

function ListPage<T>({ title, path, none, head, row }: { title: string; path: string; none: string; head: string[]; row: (item: T) => ComponentChildren }) {
  const [loaded, reload] = useList<T>(path);
  useEffect(() => {
    document.title = `${title} · ${strings.product}`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      {loaded.state === 'loading' && <p role="status">{strings.common.loading}</p>}
      {loaded.state === 'error' && (
        <p class="error" role="alert">
          {loaded.error instanceof ApiError && loaded.error.status === 403
            ? strings.common.forbidden(loaded.error.message)
            : loaded.error instanceof ApiError && loaded.error.status === 404
              ? strings.common.notAvailable(path)
              : strings.common.error(messageOf(loaded.error))}{' '}
          <button type="button" class="button secondary" onClick={reload}>
            {strings.common.retry}
          </button>
        </p>
      )}
      {loaded.state === 'ok' && loaded.items.length === 0 && <p class="empty">{none}</p>}
      {loaded.state === 'ok' && loaded.items.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{loaded.items.map(row)}</tbody>
        </table>
      )}
    </section>
  );
}

interface Named {
  metadata: { name: string };
}

interface AppSet extends Named {
  spec?: { generators?: Record<string, unknown>[]; template?: { spec?: { project?: string } } };
  status?: { conditions?: { type: string; status?: string; message?: string }[]; resources?: { name: string; status?: string; health?: { status: string } }[] };
}

export function ApplicationSetsPage() {
  return (
    <ListPage<AppSet>
      title={strings.appSets.title}
      path="/api/v1/applicationsets"
      none={strings.appSets.none}
      head={[strings.common.name, strings.detail.project, strings.appSets.generators, strings.appSets.apps, strings.detail.conditions]}
      row={(s) => (
        <tr key={s.metadata.name}>
          <th scope="row">{s.metadata.name}</th>
          <td>{s.spec?.template?.spec?.project ?? ''}</td>
          <td>{(s.spec?.generators ?? []).map((g) => Object.keys(g).join('+')).join(', ')}</td>
          <td>
            <ul class="plain">
              {(s.status?.resources ?? []).map((r) => (
                <li key={r.name}>
                  <Link href={`/applications/${encodeURIComponent(r.name)}`}>{r.name}</Link> {r.health && <HealthStatus status={r.health.status} compact />}{' '}
                  {r.status && <SyncStatus status={r.status} compact />}
                </li>
              ))}
            </ul>
          </td>
          <td>
            {(s.status?.conditions ?? [])
              .filter((c) => c.status !== 'False')
              .map((c) => (
                <div key={c.type}>
                  <strong>{c.type}</strong> {c.message}
                </div>
              ))}
          </td>
        </tr>
      )}
    />
  );
}

interface Project extends Named {
  spec?: { description?: string; sourceRepos?: string[]; destinations?: { server?: string; name?: string; namespace?: string }[] };
}

export function ProjectsPage() {
  return (
    <ListPage<Project>
      title={strings.projects.title}
      path="/api/v1/projects"
      none={strings.projects.none}
      head={[strings.common.name, strings.projects.description, strings.projects.sources, strings.projects.destinations]}
      row={(p) => (
        <tr key={p.metadata.name}>
          <th scope="row">
            <Link href={`/applications?proj=${encodeURIComponent(p.metadata.name)}`}>{p.metadata.name}</Link>
          </th>
          <td>{p.spec?.description ?? ''}</td>
          <td>{(p.spec?.sourceRepos ?? []).join(', ')}</td>
          <td>{(p.spec?.destinations ?? []).map((d) => `${d.name ?? d.server ?? ''}/${d.namespace ?? ''}`).join(', ')}</td>
        </tr>
      )}
    />
  );
}

interface ConnectionState {
  status?: string;
  message?: string;
}

interface Cluster {
  server: string;
  name?: string;
  serverVersion?: string;
  connectionState?: ConnectionState;
  info?: { serverVersion?: string; connectionState?: ConnectionState; applicationsCount?: number };
}

function Connection({ state }: { state: ConnectionState | undefined }) {
  if (!state?.status) return null;
  const ok = state.status === 'Successful';
  return (
    <span title={state.message}>
      <HealthStatus status={ok ? 'Healthy' : state.status === 'Unknown' ? 'Unknown' : 'Degraded'} compact /> {state.status}
      {!ok && state.message ? `: ${state.message}` : ''}
    </span>
  );
}

export function ClustersPage() {
  return (
    <ListPage<Cluster>
      title={strings.clusters.title}
      path="/api/v1/clusters"
      none={strings.clusters.none}
      head={[strings.common.name, strings.clusters.server, strings.clusters.version, strings.clusters.connection, strings.appSets.apps]}
      row={(c) => (
        <tr key={c.server}>
          <th scope="row">
            <Link href={`/applications?cluster=${encodeURIComponent(c.name || c.server)}`}>{c.name || c.server}</Link>
          </th>
          <td>{c.server}</td>
          <td>{c.info?.serverVersion ?? c.serverVersion ?? ''}</td>
          <td>
            <Connection state={c.info?.connectionState ?? c.connectionState} />
          </td>
          <td>{c.info?.applicationsCount ?? ''}</td>
        </tr>
      )}
    />
  );
}

interface Repository {
  repo: string;
  type?: string;
  name?: string;
  project?: string;
  connectionState?: ConnectionState;
}

export function RepositoriesPage() {
  return (
    <ListPage<Repository>
      title={strings.repos.title}
      path="/api/v1/repositories"
      none={strings.repos.none}
      head={[strings.repos.repo, strings.common.name, strings.repos.type, strings.detail.project, strings.repos.connection]}
      row={(r) => (
        <tr key={r.repo}>
          <th scope="row" class="wrap">
            {r.repo}
          </th>
          <td>{r.name ?? ''}</td>
          <td>{r.type ?? 'git'}</td>
          <td>{r.project ?? ''}</td>
          <td>
            <Connection state={r.connectionState} />
          </td>
        </tr>
      )}
    />
  );
}
