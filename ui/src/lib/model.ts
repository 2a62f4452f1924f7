// The parts of Argo CD's Application (and friends) the UI reads, and the summary one list row needs.

export interface Source {
  repoURL: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  helm?: unknown;
  kustomize?: unknown;
}

export interface Destination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface SyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean } | null;
  syncOptions?: string[];
}

export interface Health {
  status: string;
  message?: string;
}

export interface ResourceStatus {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
  status?: string;
  health?: Health;
  requiresPruning?: boolean;
  hook?: boolean;
  message?: string;
  hawserStatus?: string;
}

export interface SyncResultResource extends ResourceStatus {
  syncPhase?: string;
  hookPhase?: string | null;
  wave?: number;
  hawserAction?: string;
}

export interface OperationState {
  id?: number;
  phase: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  operation?: { sync?: { revision?: string }; initiatedBy?: { username?: string; automated?: boolean } };
  syncResult?: { revision?: string; resources?: SyncResultResource[]; source?: Source };
}

export interface HistoryEntry {
  id: number;
  revision?: string;
  revisions?: string[];
  deployStartedAt?: string;
  deployedAt?: string;
  initiatedBy?: { username?: string; automated?: boolean };
  phase?: string;
  source?: Source;
}

export interface AppStatus {
  sync?: { status: string; revision?: string; revisions?: string[] };
  health?: Health;
  resources?: ResourceStatus[];
  conditions?: { type: string; message: string; lastTransitionTime?: string }[];
  operationState?: OperationState;
  history?: HistoryEntry[];
  reconciledAt?: string;
}

export interface Application {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    resourceVersion?: string;
  };
  spec: {
    project?: string;
    source?: Source;
    sources?: Source[];
    destination?: Destination;
    syncPolicy?: SyncPolicy;
  };
  status?: AppStatus;
  operation?: unknown;
}

export interface ListResponse<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[] | null;
}

/** What a list row or tile shows, computed once per app version. */
export interface AppSummary {
  name: string;
  project: string;
  repo: string;
  path: string;
  targetRevision: string;
  cluster: string;
  namespace: string;
  labels: Record<string, string>;
  health: string;
  sync: string;
  auto: boolean;
  revision: string;
  operationPhase: string;
  syncing: boolean;
}

export function sourcesOf(app: Application): Source[] {
  if (app.spec.sources && app.spec.sources.length > 0) return app.spec.sources;
  return app.spec.source ? [app.spec.source] : [];
}

/** The cluster of a destination as the UI names it: its name, else its server URL. */
export function clusterOf(destination: Destination | undefined): string {
  if (!destination) return '';
  if (destination.name) return destination.name;
  if (destination.server === 'https://kubernetes.default.svc') return 'in-cluster';
  return destination.server ?? '';
}

export function summarize(app: Application): AppSummary {
  const source = sourcesOf(app)[0];
  const operationPhase = app.status?.operationState?.phase ?? '';
  return {
    name: app.metadata.name,
    project: app.spec.project || 'default',
    repo: source?.repoURL ?? '',
    path: source?.path ?? source?.chart ?? '',
    targetRevision: source?.targetRevision || 'HEAD',
    cluster: clusterOf(app.spec.destination),
    namespace: app.spec.destination?.namespace ?? '',
    labels: app.metadata.labels ?? {},
    health: app.status?.health?.status || 'Unknown',
    sync: app.status?.sync?.status || 'Unknown',
    auto: !!app.spec.syncPolicy?.automated,
    revision: app.status?.sync?.revision ?? '',
    operationPhase,
    syncing: !!app.operation || operationPhase === 'Running',
  };
}

export const healthOrder = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];
export const syncOrder = ['Synced', 'OutOfSync', 'Unknown'];

export function shortRevision(revision: string | undefined): string {
  if (!revision) return '';
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}
