// The application list: tiles or a dense list, filters and search kept in the URL, counts per status, live updates.
import { Component } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { strings } from '../strings';
import { appsStore } from '../lib/apps';
import { countBy, filterScope, filterStatus, filtersQuery, hasFilters, readFilters, serverFilters, type Filters } from '../lib/filters';
import { healthOrder, shortRevision, syncOrder, type AppSummary } from '../lib/model';
import { navigate } from '../lib/router';
import { messageOf } from '../lib/api';
import { HealthStatus, SyncStatus } from '../components/StatusIcon';
import { Link } from '../components/Link';
import { VirtualList } from '../components/VirtualList';

function useApps(filters: Filters): AppSummary[] {
  const [, setVersion] = useState(0);
  useEffect(() => {
    // The view's filters shape the first page the server sends when the list is opened.
    if (!appsStore.loaded) appsStore.serverFilters = serverFilters(filters);
    return appsStore.subscribe(() => setVersion((v) => v + 1));
  }, []);
  return appsStore.all();
}

export function appHref(name: string): string {
  return `/applications/${encodeURIComponent(name)}`;
}

// Rows re-render only when their app changed (a new summary object), not on every scroll or update of another app.
abstract class Pure extends Component<{ app: AppSummary }> {
  shouldComponentUpdate(next: { app: AppSummary }): boolean {
    return next.app !== this.props.app;
  }
}

class Tile extends Pure {
  render() {
    return <AppTile app={this.props.app} />;
  }
}

class Row extends Pure {
  render() {
    return <AppRow app={this.props.app} />;
  }
}

function AppTile({ app }: { app: AppSummary }) {
  return (
    <article class={`tile health-border-${app.health}`} data-app={app.name}>
      <h2>
        <Link href={appHref(app.name)} aria-label={strings.list.open(app.name)}>
          {app.name}
        </Link>
      </h2>
      <div class="tile-status">
        <HealthStatus status={app.health} />
        <SyncStatus status={app.sync} />
        {app.syncing && <span class="badge running">{strings.operation.Running}</span>}
      </div>
      <dl class="tile-facts">
        <dt>{strings.list.columns.project}</dt>
        <dd>{app.project}</dd>
        <dt>{strings.list.columns.source}</dt>
        <dd title={app.repo}>{app.path || app.repo}</dd>
        <dt>{strings.list.columns.destination}</dt>
        <dd>
          {app.cluster}/{app.namespace}
        </dd>
        <dt>{strings.list.columns.revision}</dt>
        <dd>
          {app.targetRevision} {app.revision && <code>{shortRevision(app.revision)}</code>}
        </dd>
      </dl>
      <span class="auto">{app.auto ? strings.list.auto : strings.list.manual}</span>
    </article>
  );
}

function AppRow({ app }: { app: AppSummary }) {
  return (
    <div class="row" data-app={app.name}>
      <span class="col-name">
        <Link href={appHref(app.name)} aria-label={strings.list.open(app.name)}>
          {app.name}
        </Link>
      </span>
      <span class="col-project">{app.project}</span>
      <span class="col-health">
        <HealthStatus status={app.health} />
      </span>
      <span class="col-sync">
        <SyncStatus status={app.sync} />
        {app.syncing && <span class="badge running">{strings.operation.Running}</span>}
      </span>
      <span class="col-dest">
        {app.cluster}/{app.namespace}
      </span>
      <span class="col-source" title={app.repo}>
        {app.path || app.repo}
      </span>
      <span class="col-rev">
        {app.targetRevision} <code>{shortRevision(app.revision)}</code>
      </span>
      <span class="col-auto">{app.auto ? strings.list.auto : strings.list.manual}</span>
    </div>
  );
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function StatusFacet({ legend, kind, order, counts, selected, onChange }: {
  legend: string;
  kind: 'health' | 'sync';
  order: string[];
  counts: Map<string, number>;
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const values = [...order, ...[...counts.keys()].filter((k) => !order.includes(k))];
  return (
    <fieldset class="facet">
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value} class="check">
          <input type="checkbox" checked={selected.includes(value)} onChange={() => onChange(toggle(selected, value))} />
          {kind === 'health' ? <HealthStatus status={value} /> : <SyncStatus status={value} />}
          <span class="count" data-count={`${kind}-${value}`}>
            {counts.get(value) ?? 0}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function ValueFacet({ id, legend, values, selected, onChange }: { id: string; legend: string; values: string[]; selected: string[]; onChange: (values: string[]) => void }) {
  const [text, setText] = useState('');
  const [focused, setFocused] = useState(false);
  const add = (event: Event) => {
    event.preventDefault();
    const value = text.trim();
    if (value && !selected.includes(value)) onChange([...selected, value]);
    setText('');
  };
  return (
    <fieldset class="facet">
      <legend>{legend}</legend>
      {selected.length > 0 && (
        <ul class="chips">
          {selected.map((v) => (
            <li key={v}>
              {v}
              <button type="button" class="chip-remove" aria-label={`${strings.common.close} ${legend} ${v}`} onClick={() => onChange(selected.filter((s) => s !== v))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} class="facet-add">
        <input
          aria-label={legend}
          list={focused ? `${id}-values` : undefined}
          value={text}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value.trim();
            if (values.includes(value) && !selected.includes(value)) {
              onChange([...selected, value]);
              setText('');
            }
          }}
        />
        {focused && (
          <datalist id={`${id}-values`}>
            {values.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        )}
      </form>
    </fieldset>
  );
}

function distinct(apps: AppSummary[], key: 'project' | 'cluster' | 'namespace'): string[] {
  return [...new Set(apps.map((a) => a[key]))].filter((v) => v.length > 0).sort();
}

export function AppList({ query }: { query: URLSearchParams }) {
  const filters = readFilters(query);
  const apps = useApps(filters);
  const update = (change: Partial<Filters>, replace = false) => navigate(`/applications${filtersQuery({ ...filters, ...change })}`, replace);

  const scope = useMemo(() => filterScope(apps, filters), [apps, query.toString()]);
  const shown = useMemo(() => filterStatus(scope, filters), [scope, query.toString()]);
  const health = useMemo(() => countBy(scope, 'health'), [scope]);
  const sync = useMemo(() => countBy(scope, 'sync'), [scope]);
  const projects = useMemo(() => distinct(apps, 'project'), [apps]);
  const clusters = useMemo(() => distinct(apps, 'cluster'), [apps]);
  const namespaces = useMemo(() => distinct(apps, 'namespace'), [apps]);

  useEffect(() => {
    document.title = `${strings.list.title} · ${strings.product}`;
    if (appsStore.loaded) performance.mark('hawser:list-rendered');
    if (appsStore.complete) performance.mark('hawser:list-complete');
  });

  return (
    <div class="app-list">
      <aside class="filters" aria-label={strings.list.filters}>
        <h2>{strings.list.filters}</h2>
        <StatusFacet legend={strings.list.health} kind="health" order={healthOrder} counts={health} selected={filters.health} onChange={(v) => update({ health: v })} />
        <StatusFacet legend={strings.list.sync} kind="sync" order={syncOrder} counts={sync} selected={filters.sync} onChange={(v) => update({ sync: v })} />
        <fieldset class="facet">
          <legend>{strings.list.autoSync}</legend>
          {(['', 'on', 'off'] as const).map((value) => (
            <label key={value} class="check">
              <input type="radio" name="auto" checked={filters.auto === value} onChange={() => update({ auto: value })} />
              {value === '' ? strings.list.any : value === 'on' ? strings.list.autoOn : strings.list.autoOff}
            </label>
          ))}
        </fieldset>
        <ValueFacet id="proj" legend={strings.list.project} values={projects} selected={filters.projects} onChange={(v) => update({ projects: v })} />
        <ValueFacet id="cluster" legend={strings.list.cluster} values={clusters} selected={filters.clusters} onChange={(v) => update({ clusters: v })} />
        <ValueFacet id="ns" legend={strings.list.namespace} values={namespaces} selected={filters.namespaces} onChange={(v) => update({ namespaces: v })} />
        <label class="facet">
          {strings.list.labels}
          <input
            placeholder={strings.list.labelsPlaceholder}
            value={filters.labels}
            onChange={(e) => update({ labels: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        {hasFilters(filters) && (
          <button type="button" class="button secondary" onClick={() => navigate(filters.view === 'list' ? '/applications?view=list' : '/applications')}>
            {strings.list.clearFilters}
          </button>
        )}
      </aside>
      <section class="list-main" aria-labelledby="list-title">
        <div class="toolbar">
          <h1 id="list-title">{strings.list.title}</h1>
          <label class="search">
            <span class="visually-hidden">{strings.list.search}</span>
            <input
              type="search"
              placeholder={strings.list.searchPlaceholder}
              value={filters.search}
              onInput={(e) => update({ search: (e.currentTarget as HTMLInputElement).value }, true)}
            />
          </label>
          <div class="segmented" role="group" aria-label={strings.list.view}>
            <button type="button" aria-pressed={filters.view === 'tiles'} onClick={() => update({ view: 'tiles' })}>
              {strings.list.tiles}
            </button>
            <button type="button" aria-pressed={filters.view === 'list'} onClick={() => update({ view: 'list' })}>
              {strings.list.list}
            </button>
          </div>
        </div>
        <p class="summary-line" role="status" aria-live="polite">
          <span data-testid="shown-count">{strings.list.shown(shown.length, apps.length)}</span>
          {appsStore.loaded && !appsStore.complete && <span>{strings.list.loadingAll}</span>}
          <span class="live">{appsStore.mode === 'stream' ? strings.common.live : strings.common.polling}</span>
        </p>
        {appsStore.error !== null && (
          <p class="error" role="alert">
            {strings.common.error(messageOf(appsStore.error))}{' '}
            <button type="button" class="button secondary" onClick={() => void appsStore.reload()}>
              {strings.common.retry}
            </button>
          </p>
        )}
        {!appsStore.loaded && appsStore.error === null && <p role="status">{strings.common.loading}</p>}
        {appsStore.loaded && shown.length === 0 && <p class="empty">{apps.length === 0 ? strings.list.none : strings.list.empty}</p>}
        {shown.length > 0 &&
          (filters.view === 'tiles' ? (
            <VirtualList items={shown} rowHeight={176} minColumnWidth={300} label={strings.list.title} keyOf={(a) => a.name} render={(a) => <Tile app={a} />} />
          ) : (
            <VirtualList
              items={shown}
              rowHeight={36}
              label={strings.list.title}
              keyOf={(a) => a.name}
              render={(a) => <Row app={a} />}
              header={
                <div class="row header" aria-hidden="true">
                  <span class="col-name">{strings.list.columns.name}</span>
                  <span class="col-project">{strings.list.columns.project}</span>
                  <span class="col-health">{strings.list.columns.health}</span>
                  <span class="col-sync">{strings.list.columns.sync}</span>
                  <span class="col-dest">{strings.list.columns.destination}</span>
                  <span class="col-source">{strings.list.columns.source}</span>
                  <span class="col-rev">{strings.list.columns.revision}</span>
                  <span class="col-auto">{strings.list.columns.auto}</span>
                </div>
              }
            />
          ))}
      </section>
    </div>
  );
}
