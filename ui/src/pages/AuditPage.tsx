// The audit log (an administrator's view), filtered by app, user and time, the filters kept in the URL.
import { useEffect, useState } from 'preact/hooks';
import { strings } from '../strings';
import { api, ApiError, messageOf, query as toQuery } from '../lib/api';
import { navigate } from '../lib/router';
import { ago, exact } from '../lib/format';

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actorKind?: string;
  action: string;
  resource: string;
  object: string;
  app?: string | null;
  project?: string | null;
  source?: string;
  outcome: string;
  detail?: string;
}

export function AuditPage({ query }: { query: URLSearchParams }) {
  const filters = { app: query.get('app') ?? '', user: query.get('user') ?? '', since: query.get('since') ?? '', limit: query.get('limit') ?? '200' };
  const [form, setForm] = useState(filters);
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = query.toString();

  useEffect(() => {
    document.title = `${strings.audit.title} · ${strings.product}`;
    setForm(filters);
    setItems(null);
    setError(null);
    const since = filters.since ? new Date(filters.since).toISOString() : undefined;
    api<{ items?: AuditEntry[] }>(`/api/v1/audit${toQuery({ app: filters.app, user: filters.user, since, limit: filters.limit })}`)
      .then((r) => setItems(r.items ?? []))
      .catch(setError);
  }, [key]);

  const apply = (event: Event) => {
    event.preventDefault();
    navigate(`/audit${toQuery(form)}`);
  };
  const set = (name: keyof typeof form) => (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title">{strings.audit.title}</h1>
      <form class="filter-bar" onSubmit={apply}>
        <label>
          {strings.audit.app}
          <input name="app" value={form.app} onInput={set('app')} />
        </label>
        <label>
          {strings.audit.user}
          <input name="user" value={form.user} onInput={set('user')} />
        </label>
        <label>
          {strings.audit.since}
          <input name="since" type="datetime-local" value={form.since} onInput={set('since')} />
        </label>
        <label>
          {strings.audit.limit}
          <input name="limit" type="number" min={1} max={10000} value={form.limit} onInput={set('limit')} />
        </label>
        <button type="submit" class="button primary">
          {strings.audit.apply}
        </button>
      </form>
      {error !== null && (
        <p class="error" role="alert">
          {error instanceof ApiError && error.status === 403 ? strings.common.forbidden(error.message) : strings.common.error(messageOf(error))}
        </p>
      )}
      {items === null && error === null && <p role="status">{strings.common.loading}</p>}
      {items !== null && items.length === 0 && <p class="empty">{strings.audit.none}</p>}
      {items !== null && items.length > 0 && (
        <table class="table audit">
          <thead>
            <tr>
              <th scope="col">{strings.audit.at}</th>
              <th scope="col">{strings.audit.actor}</th>
              <th scope="col">{strings.audit.action}</th>
              <th scope="col">{strings.audit.object}</th>
              <th scope="col">{strings.audit.outcome}</th>
              <th scope="col">{strings.audit.detail}</th>
              <th scope="col">{strings.audit.source}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} class={e.outcome === 'Denied' || e.outcome === 'Failed' ? 'bad' : ''}>
                <td title={exact(e.at)}>{ago(e.at)}</td>
                <td>
                  {e.actor} <span class="muted">{e.actorKind}</span>
                </td>
                <td>
                  {e.resource} {e.action}
                </td>
                <td>{e.object}</td>
                <td>{e.outcome}</td>
                <td>{e.detail}</td>
                <td>{e.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
