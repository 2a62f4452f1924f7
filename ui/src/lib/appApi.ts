// The endpoints of one application (Argo CD's paths and shapes).
import { api, ApiError, query } from './api';
import type { Application } from './model';

export interface ResourceRef {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export interface ResourceNode extends ResourceRef {
  version?: string;
  parentRefs?: ResourceRef[];
  health?: { status: string; message?: string };
  info?: { name: string; value: string }[];
  createdAt?: string;
  images?: string[];
}

export interface ManagedResource {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
  targetState?: string;
  liveState?: string;
  normalizedLiveState?: string;
  predictedLiveState?: string;
  hook?: boolean;
}

export interface RevisionMetadata {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

export interface SyncOptions {
  revision?: string;
  prune: boolean;
  dryRun: boolean;
  force: boolean;
  applyOutOfSyncOnly: boolean;
  resources?: ResourceRef[];
}

const base = (name: string) => `/api/v1/applications/${encodeURIComponent(name)}`;

/** Null when the server does not offer the endpoint (404, 405, 501): the page says so instead of failing. */
async function optional<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && [404, 405, 501].includes(error.status)) return null;
    throw error;
  }
}

export const appApi = {
  get: (name: string, refresh?: 'normal' | 'hard') => api<Application>(`${base(name)}${query({ refresh })}`),
  resourceTree: (name: string) => optional(api<{ nodes?: ResourceNode[] | null }>(`${base(name)}/resource-tree`)),
  managedResources: (name: string) => optional(api<{ items?: ManagedResource[] | null }>(`${base(name)}/managed-resources`)),
  revisionMetadata: (name: string, revision: string) => optional(api<RevisionMetadata>(`${base(name)}/revisions/${encodeURIComponent(revision)}/metadata`)),
  sync: (name: string, options: SyncOptions) =>
    api<Application>(`${base(name)}/sync`, {
      method: 'POST',
      body: {
        name,
        revision: options.revision || undefined,
        prune: options.prune,
        dryRun: options.dryRun,
        strategy: options.force ? { apply: { force: true } } : undefined,
        resources: options.resources,
        syncOptions: options.applyOutOfSyncOnly ? { items: ['ApplyOutOfSyncOnly=true'] } : undefined,
      },
    }),
  rollback: (name: string, id: number) => api<Application>(`${base(name)}/rollback`, { method: 'POST', body: { name, id, prune: false, dryRun: false } }),
  remove: (name: string, cascade: boolean, propagationPolicy: string) =>
    api<unknown>(`${base(name)}${query({ cascade: String(cascade), propagationPolicy: cascade ? propagationPolicy : undefined })}`, { method: 'DELETE' }),
};

export function refKey(r: ResourceRef): string {
  return `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}
