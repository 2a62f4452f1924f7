// The app's current or last sync: its phase, message and every object's result, phase by phase and wave by wave.
import { strings } from '../../strings';
import type { OperationState, SyncResultResource } from '../../lib/model';
import { ago, exact } from '../../lib/format';
import { OperationStatus } from '../../components/StatusIcon';

const phaseOrder = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

export function OperationView({ operation }: { operation: OperationState }) {
  const resources = operation.syncResult?.resources ?? [];
  const groups = new Map<string, SyncResultResource[]>();
  for (const r of resources) {
    const key = `${r.syncPhase ?? 'Sync'}|${r.wave ?? 0}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => {
    const [pa, wa] = a.split('|');
    const [pb, wb] = b.split('|');
    return phaseOrder.indexOf(pa) - phaseOrder.indexOf(pb) || Number(wa) - Number(wb);
  });
  const done = resources.filter((r) => r.status && r.status !== 'SyncFailed').length;
  return (
    <div class="operation" data-operation-phase={operation.phase}>
      <p>
        <OperationStatus phase={operation.phase} /> <span title={exact(operation.startedAt)}>{ago(operation.startedAt)}</span>
        {operation.phase === 'Running' && <span class="muted"> · {strings.detail.progress(done)}</span>}
      </p>
      {operation.message && <p class="muted">{operation.message}</p>}
      {operation.phase === 'Running' && <progress aria-label={strings.detail.running} />}
      {ordered.map(([key, list]) => {
        const [phase, wave] = key.split('|');
        return (
          <section key={key} aria-label={`${strings.detail.syncPhase} ${phase}, ${strings.detail.wave} ${wave}`}>
            <h3>
              {phase} · {Number(wave) <= -2147483648 ? strings.detail.beforeWaves : `${strings.detail.wave} ${wave}`}
            </h3>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{strings.common.kind}</th>
                  <th scope="col">{strings.common.name}</th>
                  <th scope="col">{strings.detail.result}</th>
                  <th scope="col">{strings.common.message}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={`${r.kind}/${r.namespace}/${r.name}`}>
                    <td>{r.kind}</td>
                    <td>{r.namespace ? `${r.namespace}/${r.name}` : r.name}</td>
                    <td>{r.hawserAction ?? r.status}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}
