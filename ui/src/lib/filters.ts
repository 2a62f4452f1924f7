// The app list's filters: read from and written to the URL's query, applied in memory.
import type { AppSummary } from './model';

export interface Filters {
  search: string;
  projects: string[];
  clusters: string[];
  namespaces: string[];
  labels: string;
  health: string[];
  sync: string[];
  auto: '' | 'on' | 'off';
  view: 'tiles' | 'list';
}

const many = (query: URLSearchParams, key: string) =>
  (query.get(key) ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

export function readFilters(query: URLSearchParams): Filters {
  const auto = query.get('auto');
  return {
    search: query.get('search') ?? '',
    projects: many(query, 'proj'),
    clusters: many(query, 'cluster'),
    namespaces: many(query, 'namespace'),
    labels: query.get('labels') ?? '',
    health: many(query, 'health'),
    sync: many(query, 'sync'),
    auto: auto === 'on' || auto === 'off' ? auto : '',
    view: query.get('view') === 'list' ? 'list' : 'tiles',
  };
}

export function filtersQuery(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.search) params.set('search', filters.search);
  if (filters.projects.length) params.set('proj', filters.projects.join(','));
  if (filters.clusters.length) params.set('cluster', filters.clusters.join(','));
  if (filters.namespaces.length) params.set('namespace', filters.namespaces.join(','));
  if (filters.labels) params.set('labels', filters.labels);
  if (filters.health.length) params.set('health', filters.health.join(','));
  if (filters.sync.length) params.set('sync', filters.sync.join(','));
  if (filters.auto) params.set('auto', filters.auto);
  if (filters.view !== 'tiles') params.set('view', filters.view);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The filters the server applies to the same effect (Argo CD's list parameters); the rest (cluster names, auto-sync) are
 * applied here only.
 */
export function serverFilters(filters: Filters): Record<string, string> {
  const result: Record<string, string> = {};
  if (filters.search.trim()) result.search = filters.search.trim();
  if (filters.projects.length) result.projects = filters.projects.join(',');
  if (filters.namespaces.length) result.namespace = filters.namespaces.join(',');
  if (filters.labels.trim()) result.selector = filters.labels.trim();
  if (filters.health.length) result.health = filters.health.join(',');
  if (filters.sync.length) result.sync = filters.sync.join(',');
  return result;
}

type LabelTest = (labels: Record<string, string>) => boolean;

/** A label selector as kubectl writes it: `k=v`, `k==v`, `k!=v`, `k`, `!k`, comma separated (all must hold). */
export function parseLabels(text: string): LabelTest[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((term): LabelTest => {
      const ne = term.indexOf('!=');
      if (ne > 0) {
        const key = term.slice(0, ne).trim();
        const value = term.slice(ne + 2).trim();
        return (labels) => labels[key] !== value;
      }
      const eq = term.indexOf('=');
      if (eq > 0) {
        const key = term.slice(0, eq).trim();
        const value = term.slice(term[eq + 1] === '=' ? eq + 2 : eq + 1).trim();
        return (labels) => labels[key] === value;
      }
      if (term.startsWith('!')) {
        const key = term.slice(1).trim();
        return (labels) => !(key in labels);
      }
      return (labels) => term in labels;
    });
}

function inList(list: string[], value: string): boolean {
  return list.length === 0 || list.includes(value);
}

/** The apps that pass every filter but health and sync (the status counts are taken over these). */
export function filterScope(apps: AppSummary[], filters: Filters): AppSummary[] {
  const search = filters.search.trim().toLowerCase();
  // The name, as the server's `search` does.
  const labels = parseLabels(filters.labels);
  return apps.filter(
    (a) =>
      (search.length === 0 || a.name.toLowerCase().includes(search)) &&
      inList(filters.projects, a.project) &&
      inList(filters.clusters, a.cluster) &&
      inList(filters.namespaces, a.namespace) &&
      (filters.auto === '' || (filters.auto === 'on') === a.auto) &&
      labels.every((test) => test(a.labels)),
  );
}

export function filterStatus(apps: AppSummary[], filters: Filters): AppSummary[] {
  if (filters.health.length === 0 && filters.sync.length === 0) return apps;
  return apps.filter((a) => inList(filters.health, a.health) && inList(filters.sync, a.sync));
}

export function countBy(apps: AppSummary[], key: 'health' | 'sync'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of apps) counts.set(a[key], (counts.get(a[key]) ?? 0) + 1);
  return counts;
}

export function hasFilters(filters: Filters): boolean {
  return (
    filters.search !== '' ||
    filters.projects.length > 0 ||
    filters.clusters.length > 0 ||
    filters.namespaces.length > 0 ||
    filters.labels !== '' ||
    filters.health.length > 0 ||
    filters.sync.length > 0 ||
    filters.auto !== ''
  );
}
