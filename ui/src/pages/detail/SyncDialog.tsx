// The sync dialog: revision, prune, dry run, force, apply-out-of-sync-only, and all or some of the app's objects.
import { useState } from 'preact/hooks';
import { strings } from '../../strings';
import { refKey, type ResourceRef, type SyncOptions } from '../../lib/appApi';
import type { Application } from '../../lib/model';
import { Dialog } from '../../components/Dialog';
import { SyncStatus } from '../../components/StatusIcon';

export function SyncDialog({ app, onSubmit, onClose }: { app: Application; onSubmit: (options: SyncOptions) => Promise<void>; onClose: () => void }) {
  const resources: (ResourceRef & { status?: string })[] = (app.status?.resources ?? []).map((r) => ({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name, status: r.status }));
  const [options, setOptions] = useState<SyncOptions>({
    revision: '',
    prune: false,
    dryRun: false,
    force: false,
    applyOutOfSyncOnly: false,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set(resources.map(refKey)));
  const [busy, setBusy] = useState(false);
  const all = selected.size === resources.length;
  const flag = (key: 'prune' | 'dryRun' | 'force' | 'applyOutOfSyncOnly') => (
    <label class="check">
      <input type="checkbox" name={key} checked={options[key]} onChange={(e) => setOptions({ ...options, [key]: (e.currentTarget as HTMLInputElement).checked })} />
      {strings.syncDialog[key]}
    </label>
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit({ ...options, resources: all ? undefined : resources.filter((r) => selected.has(refKey(r))).map(({ status: _, ...ref }) => ref) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={strings.syncDialog.title(app.metadata.name)} onClose={onClose}>
      <form class="dialog-form" onSubmit={submit}>
        <label>
          {strings.syncDialog.revision}
          <input value={options.revision} placeholder={app.spec.source?.targetRevision || 'HEAD'} onInput={(e) => setOptions({ ...options, revision: (e.currentTarget as HTMLInputElement).value })} />
        </label>
        {flag('prune')}
        {flag('dryRun')}
        {flag('force')}
        {flag('applyOutOfSyncOnly')}
        {resources.length > 0 && (
          <fieldset class="resources">
            <legend>{strings.syncDialog.resources}</legend>
            <label class="check">
              <input type="checkbox" checked={all} onChange={() => setSelected(all ? new Set() : new Set(resources.map(refKey)))} />
              {strings.syncDialog.all}
            </label>
            <ul>
              {resources.map((r) => {
                const key = refKey(r);
                return (
                  <li key={key}>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={selected.has(key)}
                        onChange={() => {
                          const next = new Set(selected);
                          if (next.has(key)) next.delete(key);
                          else next.add(key);
                          setSelected(next);
                        }}
                      />
                      {r.kind} {r.namespace ? `${r.namespace}/` : ''}
                      {r.name} {r.status && <SyncStatus status={r.status} compact />}
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        )}
        {selected.size === 0 && resources.length > 0 && <p class="error">{strings.syncDialog.noneSelected}</p>}
        <div class="dialog-actions">
          <button type="button" class="button secondary" onClick={onClose}>
            {strings.common.cancel}
          </button>
          <button type="submit" class="button primary" disabled={busy || (selected.size === 0 && resources.length > 0)}>
            {busy ? strings.syncDialog.submitting : strings.syncDialog.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
