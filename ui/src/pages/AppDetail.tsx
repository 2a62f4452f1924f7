// One application: summary, resource tree with the diff of a selected object, the whole app's diff, history with
// rollback, the running or last sync; refresh, sync and delete as RBAC allows.
import { useEffect, useState } from 'preact/hooks';
import { strings } from '../strings';
import { ApiError, messageOf } from '../lib/api';
import { appApi, type SyncOptions } from '../lib/appApi';
import { canI, type Permission } from '../lib/session';
import { clusterOf, shortRevision, sourcesOf, type Application, type HistoryEntry } from '../lib/model';
import { navigate } from '../lib/router';
import { ago, exact } from '../lib/format';
import { Link } from '../components/Link';
import { ActionButton } from '../components/ActionButton';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { HealthStatus, OperationStatus, SyncStatus } from '../components/StatusIcon';
import { useAppDetail } from './detail/useAppDetail';
import { ResourceTree, type Grouping } from './detail/ResourceTree';
import { AppDiff, DiffBody, DiffModeSwitch, objectDiff, type DiffMode } from './detail/DiffView';
import { Commit, History } from './detail/History';
import { OperationView } from './detail/OperationView';
import { SyncDialog } from './detail/SyncDialog';
import { DeleteDialog } from './detail/DeleteDialog';
import { refKey } from '../lib/appApi';

type Tab = 'resources' | 'diff' | 'history' | 'operation';
const tabs: Tab[] = ['resources', 'diff', 'history', 'operation'];

function usePermissions(app: Application | null) {
  const [permissions, setPermissions] = useState<Record<string, Permission | undefined>>({});
  const object = app ? `${app.spec.project || 'default'}/${app.metadata.name}` : null;
  useEffect(() => {
    if (!object) return;
    void Promise.all(['sync', 'delete', 'get'].map((action) => canI('applications', action, object).then((p) => [action, p] as const))).then((entries) =>
      setPermissions(Object.fromEntries(entries)),
    );
  }, [object]);
  return permissions;
}

function Summary({ app }: { app: Application }) {
  const source = sourcesOf(app)[0];
  const policy = app.spec.syncPolicy?.automated;
  const parent = app.metadata.annotations?.['hawser.io/parent'];
  const conditions = app.status?.conditions ?? [];
  return (
    <section class="summary card" aria-labelledby="summary-title">
      <h2 id="summary-title" class="visually-hidden">
        {strings.detail.summary}
      </h2>
      <dl>
        <div>
          <dt>{strings.detail.project}</dt>
          <dd>{app.spec.project || 'default'}</dd>
        </div>
        <div>
          <dt>{strings.detail.repo}</dt>
          <dd class="wrap">{source?.repoURL}</dd>
        </div>
        <div>
          <dt>{source?.chart ? strings.detail.chart : strings.detail.path}</dt>
          <dd>{source?.chart ?? source?.path ?? ''}</dd>
        </div>
        <div>
          <dt>{strings.detail.targetRevision}</dt>
          <dd>{source?.targetRevision || 'HEAD'}</dd>
        </div>
        <div class="wide">
          <dt>{strings.detail.revision}</dt>
          <dd>
            <Commit app={app.metadata.name} revision={app.status?.sync?.revision} />
          </dd>
        </div>
        <div>
          <dt>{strings.detail.destination}</dt>
          <dd>
            {clusterOf(app.spec.destination)}/{app.spec.destination?.namespace}
          </dd>
        </div>
        <div>
          <dt>{strings.detail.syncPolicy}</dt>
          <dd>{policy ? strings.detail.automated(!!policy.prune, !!policy.selfHeal) : strings.detail.manualPolicy}</dd>
        </div>
        {parent && (
          <div>
            <dt>{strings.detail.parent}</dt>
            <dd>
              <Link href={`/applications/${encodeURIComponent(parent)}`}>{parent}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>{strings.detail.reconciledAt}</dt>
          <dd title={exact(app.status?.reconciledAt)}>{ago(app.status?.reconciledAt)}</dd>
        </div>
      </dl>
      {conditions.length > 0 && (
        <div class="conditions">
          <h3>{strings.detail.conditions}</h3>
          <ul>
            {conditions.map((c, i) => (
              <li key={i} class={c.type.endsWith('Error') ? 'error' : ''}>
                <strong>{c.type}</strong>: {c.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function AppDetail({ name, query }: { name: string; query: URLSearchParams }) {
  const { app, error, tree, managed, mode, reload } = useAppDetail(name);
  const permissions = usePermissions(app);
  const [dialog, setDialog] = useState<'sync' | 'delete' | null>(null);
  const [rollbackEntry, setRollbackEntry] = useState<HistoryEntry | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const tab = (tabs.includes(query.get('tab') as Tab) ? query.get('tab') : 'resources') as Tab;
  const selected = query.get('node');
  const diffMode: DiffMode = query.get('diff') === 'unified' ? 'unified' : 'split';
  const grouping: Grouping = query.get('group') === 'kind' ? 'kind' : query.get('group') === 'namespace' ? 'namespace' : 'tree';

  useEffect(() => {
    document.title = `${name} · ${strings.product}`;
  }, [name]);

  const setQuery = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(change)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    const text = next.toString();
    navigate(`/applications/${encodeURIComponent(name)}${text ? `?${text}` : ''}`, true);
  };

  const run = async (action: () => Promise<unknown>, done: string, pending?: string) => {
    setMessage(pending ? { text: pending, error: false } : null);
    try {
      await action();
      setMessage({ text: done, error: false });
      await reload();
    } catch (e) {
      const text = e instanceof ApiError && e.status === 403 ? strings.common.forbidden(e.message) : strings.common.error(messageOf(e));
      setMessage({ text, error: true });
    }
  };

  if (!app) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
      return (
        <section class="page">
          <p class="error" role="alert">
            {strings.detail.notFound(name)}
          </p>
          <Link href="/applications">{strings.detail.back}</Link>
        </section>
      );
    }
    return (
      <section class="page">
        {error !== null ? (
          <p class="error" role="alert">
            {strings.common.error(messageOf(error))}{' '}
            <button type="button" class="button secondary" onClick={() => void reload()}>
              {strings.common.retry}
            </button>
          </p>
        ) : (
          <p role="status">{strings.common.loading}</p>
        )}
      </section>
    );
  }

  const operation = app.status?.operationState;
  const running = !!app.operation || operation?.phase === 'Running';
  const selectedDiff = selected && managed ? managed.find((m) => refKey(m) === selected) : undefined;

  const sync = (options: SyncOptions) =>
    run(async () => {
      await appApi.sync(name, options);
      setDialog(null);
      setQuery({ tab: 'operation' });
    }, strings.detail.syncStarted);

  const rollback = (entry: HistoryEntry) =>
    run(async () => {
      await appApi.rollback(name, entry.id);
      setRollbackEntry(null);
      setQuery({ tab: 'operation' });
    }, strings.detail.rollbackStarted);

  const remove = (cascade: boolean, policy: string) =>
    run(async () => {
      await appApi.remove(name, cascade, policy);
      setDialog(null);
      navigate('/applications');
    }, strings.detail.deleted);

  return (
    <section class="page detail" aria-labelledby="app-title">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <Link href="/applications">{strings.detail.back}</Link> / <span aria-current="page">{name}</span>
      </nav>
      <header class="detail-head">
        <h1 id="app-title">{name}</h1>
        <span class="detail-status" data-testid="app-status">
          <HealthStatus status={app.status?.health?.status ?? 'Unknown'} />
          <SyncStatus status={app.status?.sync?.status ?? 'Unknown'} />
          {running && <OperationStatus phase="Running" />}
        </span>
        <div class="actions">
          <ActionButton permission={permissions.get} reason={strings.common.notAllowed('refresh')} onClick={() => void run(() => appApi.get(name, 'normal'), strings.detail.refreshed, strings.detail.refreshing)}>
            {strings.detail.refresh}
          </ActionButton>
          <ActionButton permission={permissions.get} reason={strings.common.notAllowed('refresh')} onClick={() => void run(() => appApi.get(name, 'hard'), strings.detail.refreshed, strings.detail.refreshing)}>
            {strings.detail.hardRefresh}
          </ActionButton>
          <ActionButton permission={permissions.sync} reason={strings.common.notAllowed('sync')} primary onClick={() => setDialog('sync')}>
            {strings.detail.sync}
          </ActionButton>
          <ActionButton permission={permissions.delete} reason={strings.common.notAllowed('delete')} danger onClick={() => setDialog('delete')}>
            {strings.detail.delete}
          </ActionButton>
        </div>
      </header>
      <p class={`message${message?.error ? ' error' : ''}`} role={message?.error ? 'alert' : 'status'}>
        {message?.text ?? ''}
        <span class="live muted">{mode === 'stream' ? strings.common.live : strings.common.polling}</span>
      </p>
      <Summary app={app} />
      <div class="tabs" role="tablist" aria-label={name}>
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setQuery({ tab: t })}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (step === 0) return;
              const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
              setQuery({ tab: next });
              window.setTimeout(() => document.getElementById(`tab-${next}`)?.focus());
            }}
          >
            {{ resources: strings.detail.tree, diff: strings.detail.diff, history: strings.detail.history, operation: strings.detail.operation }[t]}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'resources' && (
          <div class="resources-panel">
            <div class="tree-pane">
              <label class="inline">
                {strings.detail.group}{' '}
                <select value={grouping} onChange={(e) => setQuery({ group: (e.currentTarget as HTMLSelectElement).value === 'tree' ? null : (e.currentTarget as HTMLSelectElement).value })}>
                  <option value="tree">{strings.detail.groupNone}</option>
                  <option value="kind">{strings.detail.groupKind}</option>
                  <option value="namespace">{strings.detail.groupNamespace}</option>
                </select>
              </label>
              {tree === null && <p class="notice">{strings.common.notAvailable('resource-tree')}</p>}
              <ResourceTree app={app} nodes={tree} grouping={grouping} selected={selected} onSelect={(key) => setQuery({ node: key })} />
            </div>
            <div class="diff-pane" aria-live="polite">
              {selected === null ? (
                <p class="notice">{strings.detail.selectForDiff}</p>
              ) : managed === null ? (
                <p class="notice">{strings.common.notAvailable('managed-resources')}</p>
              ) : selectedDiff ? (
                <>
                  <div class="pane-head">
                    <h2>{objectDiff(selectedDiff).title}</h2>
                    <DiffModeSwitch mode={diffMode} onChange={(m) => setQuery({ diff: m === 'split' ? null : m })} />
                  </div>
                  <DiffBody diff={objectDiff(selectedDiff)} mode={diffMode} />
                </>
              ) : (
                <p class="notice">{selected}</p>
              )}
            </div>
          </div>
        )}
        {tab === 'diff' &&
          (managed === null ? (
            <p class="notice">{strings.common.notAvailable('managed-resources')}</p>
          ) : (
            <>
              <div class="pane-head">
                <h2>{strings.detail.appDiff}</h2>
                <DiffModeSwitch mode={diffMode} onChange={(m) => setQuery({ diff: m === 'split' ? null : m })} />
              </div>
              <AppDiff managed={managed} mode={diffMode} />
            </>
          ))}
        {tab === 'history' && <History app={app} permission={permissions.sync} onRollback={setRollbackEntry} />}
        {tab === 'operation' && (operation ? <OperationView operation={operation} /> : <p class="empty">{strings.detail.noHistory}</p>)}
      </div>
      {dialog === 'sync' && <SyncDialog app={app} onSubmit={sync} onClose={() => setDialog(null)} />}
      {rollbackEntry && (
        <ConfirmDialog
          title={strings.detail.rollbackTo(rollbackEntry.id)}
          question={strings.detail.rollbackConfirm(rollbackEntry.id, shortRevision(rollbackEntry.revision))}
          confirm={strings.detail.rollback}
          onConfirm={() => rollback(rollbackEntry)}
          onClose={() => setRollbackEntry(null)}
        />
      )}
      {dialog === 'delete' && <DeleteDialog name={name} onSubmit={remove} onClose={() => setDialog(null)} />}
    </section>
  );
}
