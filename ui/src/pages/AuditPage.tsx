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
  const field = (name: keyof typeof form, label: string, type: 'text' | 'number' | 'datetime-local' = 'text') => (
    <label>
      {label}
      <input type={type} name={name} value={form[name]} onInput={(e) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value })} />
    </label>
  );

  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title">{strings.audit.title}</h1>
      <form class="filter-bar" onSubmit={apply}>
        {field('app', strings.audit.app)}
        {field('user', strings.audit.user)}
        {field('since', strings.audit.since, 'datetime-local')}
        {field('limit', strings.audit.limit, 'number')}
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
