// The application list, kept in memory and up to date: one list request, then the event stream (or polling). Summaries
// are recomputed only for apps that changed, and listeners hear of changes at most a few times a second.
import { api, query } from './api';
import { follow, type LiveMode } from './stream';
import { summarize, type Application, type AppSummary, type ListResponse } from './model';

// The fields a list row needs (Argo CD's field selection; a server that ignores it sends whole apps).
const listFields = [
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'metadata.annotations',
  'metadata.resourceVersion',
  'spec',
  'operation',
  'status.sync',
  'status.health',
  'status.operationState.phase',
  'status.operationState.finishedAt',
  'status.reconciledAt',
]
  .map((f) => `items.${f}`)
  .join(',');

// The first page: enough for a screen of tiles or rows, answered fast at any number of apps.
const firstPage = 200;

interface StreamEvent {
  result?: { type?: string; application?: Application };
}

type Listener = () => void;

/** The apps the user may see, by name. */
export class AppsStore {
  private readonly summaries = new Map<string, AppSummary>();
  private readonly listeners = new Set<Listener>();
  private sorted: AppSummary[] | null = null;
  private pending = 0;
  private stop: (() => void) | null = null;
  private prefetched: Promise<ListResponse<Application>> | null = null;
  loaded = false;
  /** False while only the first page is here (the counts are partial). */
  complete = false;
  /** The server-side filters of the view the list opens with (its first page asks only for those apps). */
  serverFilters: Record<string, string> = {};
  error: unknown = null;
  mode: LiveMode = 'stream';
  updatedAt = new Date(0);

  /** Every app, sorted by name. */
  all(): AppSummary[] {
    if (!this.sorted) this.sorted = [...this.summaries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.sorted;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopFollowing();
    };
  }

  /** Loads the whole list again (also the polling fallback). */
  async reload(): Promise<void> {
    try {
      await this.loadAll();
      this.error = null;
    } catch (error) {
      this.error = error;
    }
    this.changed(true);
  }

  /**
   * Opens the list fast: first one page of the apps the view asks for (filtered by the server), then the whole list (for
   * the counts and instant filtering), then live updates.
   */
  /**
   * Asks for the first page now, while the page checks the session, when the app opens on the list (it saves a round
   * trip of the first render); a refused request is asked again once the session is known.
   */
  prefetch(filters: Record<string, string>): void {
    this.serverFilters = filters;
    this.prefetched = this.firstPage(true);
    this.prefetched.catch(() => undefined);
  }

  private firstPage(anonymous: boolean): Promise<ListResponse<Application>> {
    return api<ListResponse<Application>>(`/api/v1/applications${query({ ...this.serverFilters, limit: String(firstPage), fields: listFields })}`, { anonymous });
  }

  /** Forgets every app (at logout: the next user sees only theirs). */
  reset(): void {
    this.stopFollowing();
    this.prefetched = null;
    this.summaries.clear();
    this.sorted = null;
    this.loaded = false;
    this.complete = false;
    this.error = null;
  }

  private start(): void {
    void (async () => {
      try {
        if (this.loaded) await this.loadAll();
        else {
          const first = await (this.prefetched ?? Promise.reject(new Error('no prefetch'))).catch(() => this.firstPage(false));
          this.prefetched = null;
          for (const app of first.items ?? []) this.summaries.set(app.metadata.name, summarize(app));
          this.loaded = true;
          this.complete = !first.metadata?.continue && Object.keys(this.serverFilters).length === 0;
          this.changed(true);
          if (!this.complete) await this.loadAll();
        }
        this.error = null;
      } catch (error) {
        this.error = error;
      }
      this.changed(true);
      if (this.listeners.size === 0 || this.stop) return;
      this.stop = follow(
        `/api/v1/stream/applications?fields=${encodeURIComponent(listFields.replace(/items\./g, 'result.application.'))}`,
        (data) => this.apply(data as StreamEvent),
        () => this.reload(),
        (mode) => {
          this.mode = mode;
          this.changed(false);
        },
      );
    })();
  }

  private async loadAll(): Promise<void> {
    const list = await api<ListResponse<Application>>(`/api/v1/applications${query({ fields: listFields })}`);
    this.summaries.clear();
    for (const app of list.items ?? []) this.summaries.set(app.metadata.name, summarize(app));
    this.loaded = true;
    this.complete = true;
  }

  private stopFollowing(): void {
    this.stop?.();
    this.stop = null;
  }

  private apply(event: StreamEvent): void {
    const app = event.result?.application;
    if (!app?.metadata?.name) return;
    if (event.result?.type === 'DELETED') this.summaries.delete(app.metadata.name);
    else this.summaries.set(app.metadata.name, summarize(app));
    this.changed(false);
  }

  // Coalesces bursts (a sync of many apps) into one render per 200 ms.
  private changed(now: boolean): void {
    this.sorted = null;
    this.updatedAt = new Date();
    if (now) {
      window.clearTimeout(this.pending);
      this.pending = 0;
      this.listeners.forEach((l) => l());
      return;
    }
    if (this.pending) return;
    this.pending = window.setTimeout(() => {
      this.pending = 0;
      this.listeners.forEach((l) => l());
    }, 200);
  }
}

export const appsStore = new AppsStore();
