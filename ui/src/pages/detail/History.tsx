// Past syncs, newest first, with the commit of each and a rollback to any earlier entry.
import { useEffect, useState } from 'preact/hooks';
import { strings } from '../../strings';
import { appApi, type RevisionMetadata } from '../../lib/appApi';
import { shortRevision, type Application, type HistoryEntry } from '../../lib/model';
import { ago, exact } from '../../lib/format';
import type { Permission } from '../../lib/session';
import { ActionButton } from '../../components/ActionButton';
import { OperationStatus } from '../../components/StatusIcon';

export function Commit({ app, revision }: { app: string; revision: string | undefined }) {
  const [meta, setMeta] = useState<RevisionMetadata | null>(null);
  useEffect(() => {
    if (!revision || !/^[0-9a-f]{7,40}$/.test(revision)) return;
    void appApi.revisionMetadata(app, revision).then(setMeta).catch(() => setMeta(null));
  }, [app, revision]);
  return (
    <>
      <code title={revision}>{shortRevision(revision)}</code>
      {meta?.message && <span class="commit-message"> {meta.message.split('\n')[0]}</span>}
      {meta?.author && <span class="commit-author"> — {meta.author}</span>}
    </>
  );
}

export function History({ app, permission, onRollback }: { app: Application; permission: Permission | undefined; onRollback: (entry: HistoryEntry) => void }) {
  const entries = [...(app.status?.history ?? [])].sort((a, b) => b.id - a.id);
  if (entries.length === 0) return <p class="empty">{strings.detail.noHistory}</p>;
  const automated = !!app.spec.syncPolicy?.automated;
  return (
    <table class="table history">
      <thead>
        <tr>
          <th scope="col">{strings.detail.id}</th>
          <th scope="col">{strings.detail.revision}</th>
          <th scope="col">{strings.detail.deployedAt}</th>
          <th scope="col">{strings.detail.initiatedBy}</th>
          <th scope="col">{strings.detail.phase}</th>
          <th scope="col">
            <span class="visually-hidden">{strings.detail.rollback}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, index) => (
          <tr key={entry.id} data-history={entry.id}>
            <td>{entry.id}</td>
            <td>
              <Commit app={app.metadata.name} revision={entry.revision} />
              {entry.source?.path && <div class="muted">{entry.source.path}</div>}
            </td>
            <td title={exact(entry.deployedAt)}>{ago(entry.deployedAt)}</td>
            <td>{entry.initiatedBy?.automated ? 'automated' : entry.initiatedBy?.username ?? ''}</td>
            <td>{entry.phase && <OperationStatus phase={entry.phase} />}</td>
            <td>
              {index > 0 && (
                <ActionButton
                  permission={permission}
                  reason={strings.common.notAllowed('sync')}
                  disabled={automated}
                  disabledReason={strings.detail.rollbackDisabledAuto}
                  onClick={() => onRollback(entry)}
                >
                  {strings.detail.rollback}
                  <span class="visually-hidden"> {strings.detail.rollbackTo(entry.id)}</span>
                </ActionButton>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
