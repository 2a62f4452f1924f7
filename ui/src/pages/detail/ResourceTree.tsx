// The app's objects as a tree: the app, the objects it manages, and what their ownerReferences produce (ReplicaSets,
// Pods...) where the cluster has them; or grouped by kind or namespace. Each node shows its health and sync status and
// selects the object for the diff.
import { strings } from '../../strings';
import { refKey, type ResourceNode } from '../../lib/appApi';
import type { Application, ResourceStatus } from '../../lib/model';
import { HealthStatus, SyncStatus } from '../../components/StatusIcon';

export type Grouping = 'tree' | 'kind' | 'namespace';

interface Node {
  key: string;
  kind: string;
  name: string;
  namespace: string;
  health?: string;
  sync?: string;
  managed: boolean;
  requiresPruning: boolean;
  children: Node[];
}

function build(app: Application, nodes: ResourceNode[] | null): Node[] {
  const statuses = new Map<string, ResourceStatus>();
  for (const r of app.status?.resources ?? []) statuses.set(refKey(r), r);
  const byKey = new Map<string, Node>();
  const make = (r: { group?: string; kind: string; namespace?: string; name: string }, health?: string): Node => {
    const key = refKey(r);
    const status = statuses.get(key);
    return {
      key,
      kind: r.kind,
      name: r.name,
      namespace: r.namespace ?? '',
      health: health ?? status?.health?.status,
      sync: status?.status,
      managed: status !== undefined,
      requiresPruning: !!status?.requiresPruning,
      children: [],
    };
  };
  for (const n of nodes ?? []) byKey.set(refKey(n), make(n, n.health?.status));
  for (const r of app.status?.resources ?? []) if (!byKey.has(refKey(r))) byKey.set(refKey(r), make(r));
  const roots: Node[] = [];
  const byUid = new Map<string, Node>();
  for (const n of nodes ?? []) if (n.uid) byUid.set(n.uid, byKey.get(refKey(n))!);
  for (const n of nodes ?? []) {
    const node = byKey.get(refKey(n))!;
    const parent = (n.parentRefs ?? []).map((p) => (p.uid && byUid.get(p.uid)) || byKey.get(refKey(p))).find((p) => p && p !== node);
    if (parent) parent.children.push(node);
  }
  const attached = new Set<Node>();
  for (const n of byKey.values()) n.children.forEach((c) => attached.add(c));
  for (const n of byKey.values()) if (!attached.has(n)) roots.push(n);
  const sort = (list: Node[]) => {
    list.sort((a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

function NodeView({ node, selected, onSelect }: { node: Node; selected: string | null; onSelect: (key: string) => void }) {
  return (
    <li>
      <button
        type="button"
        class={`node${selected === node.key ? ' selected' : ''}${node.managed ? '' : ' owned'}`}
        aria-pressed={selected === node.key}
        data-node={node.key}
        onClick={() => onSelect(node.key)}
      >
        <span class="node-kind">{node.kind}</span>
        <span class="node-name">{node.name}</span>
        {node.namespace && <span class="node-ns">{node.namespace}</span>}
        <span class="node-status">
          {node.health && <HealthStatus status={node.health} compact />}
          {node.sync && <SyncStatus status={node.sync} compact />}
          {node.requiresPruning && <span class="badge">{strings.detail.notInGit}</span>}
        </span>
      </button>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <NodeView key={c.key} node={c} selected={selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ResourceTree({ app, nodes, grouping, selected, onSelect }: {
  app: Application;
  nodes: ResourceNode[] | null;
  grouping: Grouping;
  selected: string | null;
  onSelect: (key: string) => void;
}) {
  const roots = build(app, nodes);
  if (roots.length === 0) return <p class="empty">{strings.detail.noResources}</p>;
  if (grouping === 'tree') {
    return (
      <ul class="tree" aria-label={strings.detail.tree}>
        <li>
          <span class="node app-node">
            <span class="node-kind">Application</span>
            <span class="node-name">{app.metadata.name}</span>
            <span class="node-status">
              <HealthStatus status={app.status?.health?.status ?? 'Unknown'} compact />
              <SyncStatus status={app.status?.sync?.status ?? 'Unknown'} compact />
            </span>
          </span>
          <ul>
            {roots.map((n) => (
              <NodeView key={n.key} node={n} selected={selected} onSelect={onSelect} />
            ))}
          </ul>
        </li>
      </ul>
    );
  }
  const groups = new Map<string, Node[]>();
  const flat: Node[] = [];
  const walk = (list: Node[]) => list.forEach((n) => { flat.push({ ...n, children: [] }); walk(n.children); });
  walk(roots);
  for (const n of flat) {
    const g = grouping === 'kind' ? n.kind : n.namespace || '(cluster)';
    groups.set(g, [...(groups.get(g) ?? []), n]);
  }
  return (
    <div class="tree-groups">
      {[...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, list]) => (
        <section key={group} aria-label={group}>
          <h3>
            {group} <span class="count">{list.length}</span>
          </h3>
          <ul class="tree flat">
            {list.map((n) => (
              <NodeView key={n.key} node={n} selected={selected} onSelect={onSelect} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
