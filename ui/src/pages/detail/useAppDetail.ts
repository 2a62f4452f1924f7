// One application, its resource tree and its managed resources, kept up to date by the event stream (or polling).
import { useEffect, useRef, useState } from 'preact/hooks';
import { appApi, type ManagedResource, type ResourceNode } from '../../lib/appApi';
import { follow, type LiveMode } from '../../lib/stream';
import type { Application } from '../../lib/model';

export interface AppDetailState {
  app: Application | null;
  error: unknown;
  /** null: the server has no resource-tree endpoint. */
  tree: ResourceNode[] | null;
  /** null: the server has no managed-resources endpoint. */
  managed: ManagedResource[] | null;
  mode: LiveMode;
  reload: () => Promise<void>;
}

export function useAppDetail(name: string): AppDetailState {
  const [app, setApp] = useState<Application | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tree, setTree] = useState<ResourceNode[] | null>([]);
  const [managed, setManaged] = useState<ManagedResource[] | null>([]);
  const [mode, setMode] = useState<LiveMode>('stream');
  const pending = useRef(0);
  const alive = useRef(true);

  const reload = async () => {
    try {
      const [a, t, m] = await Promise.all([appApi.get(name), appApi.resourceTree(name), appApi.managedResources(name)]);
      if (!alive.current) return;
      setApp(a);
      setTree(t === null ? null : t.nodes ?? []);
      setManaged(m === null ? null : m.items ?? []);
      setError(null);
    } catch (e) {
      if (alive.current) setError(e);
    }
  };

  useEffect(() => {
    alive.current = true;
    setApp(null);
    setError(null);
    void reload();
    // Coalesce a burst of events (a sync changes many objects) into one reload.
    const schedule = () => {
      if (pending.current) return;
      pending.current = window.setTimeout(() => {
        pending.current = 0;
        void reload();
      }, 300);
    };
    const stop = follow(
      `/api/v1/stream/applications?name=${encodeURIComponent(name)}`,
      (data) => {
        const changed = (data as { result?: { application?: Application } }).result?.application;
        if (changed?.metadata?.name === name) schedule();
      },
      reload,
      setMode,
      3000,
    );
    return () => {
      alive.current = false;
      stop();
      window.clearTimeout(pending.current);
      pending.current = 0;
    };
  }, [name]);

  return { app, error, tree, managed, mode, reload };
}
