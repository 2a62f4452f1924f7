// Health and sync status shown as an icon plus its word (never colour alone).
import { strings } from '../strings';

const paths: Record<string, string> = {
  Healthy: 'M8 14s-5.5-3.4-5.5-7.2C2.5 4.6 4 3 5.8 3c1 0 1.8.5 2.2 1.2C8.4 3.5 9.2 3 10.2 3 12 3 13.5 4.6 13.5 6.8 13.5 10.6 8 14 8 14z',
  Progressing: 'M8 2a6 6 0 1 0 6 6h-2a4 4 0 1 1-4-4z',
  Degraded: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM5.2 4.1 8 6.9l2.8-2.8 1.1 1.1L9.1 8l2.8 2.8-1.1 1.1L8 9.1l-2.8 2.8-1.1-1.1L6.9 8 4.1 5.2z',
  Suspended: 'M4 3h3v10H4zM9 3h3v10H9z',
  Missing: 'M8 1.5c-3 0-5 2.2-5 5.2V14l1.7-1.2L6.3 14 8 12.8 9.7 14l1.6-1.2L13 14V6.7c0-3-2-5.2-5-5.2zM6 5.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2zm4 0a1 1 0 1 1 0 2 1 1 0 0 1 0-2z',
  Unknown: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm.1 10.7a.9.9 0 1 1 0-1.8.9.9 0 0 1 0 1.8zm1.4-4.4c-.6.4-.8.6-.8 1.2v.4H7.3V9c0-1 .4-1.5 1.1-2 .5-.3.7-.5.7-.9 0-.5-.4-.8-1-.8s-1 .4-1.1 1H5.6C5.7 5 6.7 4.1 8.2 4.1c1.4 0 2.5.8 2.5 2 0 .8-.4 1.3-1.2 1.7z',
  Synced: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM7 11.2 3.9 8.1 5 7l2 2 4-4 1.1 1.1z',
  OutOfSync: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm.8 11H7.2V7.3L5.1 9.4 4 8.3 8 4.3l4 4-1.1 1.1-2.1-2.1z',
  Running: 'M8 2a6 6 0 1 0 6 6h-2a4 4 0 1 1-4-4z',
  Succeeded: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM7 11.2 3.9 8.1 5 7l2 2 4-4 1.1 1.1z',
  Failed: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM5.2 4.1 8 6.9l2.8-2.8 1.1 1.1L9.1 8l2.8 2.8-1.1 1.1L8 9.1l-2.8 2.8-1.1-1.1L6.9 8 4.1 5.2z',
};

function Icon({ status }: { status: string }) {
  const path = paths[status] ?? paths.Unknown;
  const spin = status === 'Progressing' || status === 'Running';
  return (
    <svg class={`icon${spin ? ' spin' : ''}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={path} fill="currentColor" />
    </svg>
  );
}

export function HealthStatus({ status, compact }: { status: string; compact?: boolean }) {
  const label = strings.health[status] ?? status;
  return (
    <span class={`status health-${status}`} title={compact ? label : undefined} data-health={status}>
      <Icon status={status} />
      {compact ? <span class="visually-hidden">{label}</span> : <span>{label}</span>}
    </span>
  );
}

export function SyncStatus({ status, compact }: { status: string; compact?: boolean }) {
  const label = strings.sync[status] ?? status;
  return (
    <span class={`status sync-${status}`} title={compact ? label : undefined} data-sync={status}>
      <Icon status={status} />
      {compact ? <span class="visually-hidden">{label}</span> : <span>{label}</span>}
    </span>
  );
}

export function OperationStatus({ phase }: { phase: string }) {
  const label = strings.operation[phase] ?? phase;
  return (
    <span class={`status op-${phase}`} data-operation={phase}>
      <Icon status={phase === 'Error' ? 'Failed' : phase} />
      <span>{label}</span>
    </span>
  );
}
