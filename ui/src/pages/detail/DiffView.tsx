// The diff of one object or of the whole app: live (after normalisation) against desired (the server-side dry run of
// Git's version), as YAML, side by side or unified, Secret values masked.
import { useMemo } from 'preact/hooks';
import { strings } from '../../strings';
import { refKey, type ManagedResource } from '../../lib/appApi';
import { diffLines, hunks, sideBySide, type DiffLine } from '../../lib/diff';
import { maskSecrets } from '../../lib/secrets';
import { toYaml } from '../../lib/yaml';

export type DiffMode = 'split' | 'unified';

function parse(text: string | undefined): Record<string, unknown> | null {
  if (!text || text === 'null') return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export interface ObjectDiff {
  key: string;
  title: string;
  lines: DiffLine[];
  changed: boolean;
  desiredMissing: boolean;
  liveMissing: boolean;
}

/** The diff of one managed resource (live left, desired right). */
export function objectDiff(resource: ManagedResource): ObjectDiff {
  const desiredRaw = parse(resource.predictedLiveState) ?? parse(resource.targetState);
  const liveRaw = parse(resource.normalizedLiveState) ?? parse(resource.liveState);
  const [desired, live] = maskSecrets(desiredRaw, liveRaw);
  const lines = diffLines(toYaml(live), toYaml(desired));
  return {
    key: refKey(resource),
    title: `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`,
    lines,
    changed: lines.some((l) => l.kind !== 'same'),
    desiredMissing: desiredRaw === null,
    liveMissing: liveRaw === null,
  };
}

function Unified({ lines }: { lines: DiffLine[] }) {
  return (
    <table class="diff unified">
      <colgroup>
        <col class="ln-col" />
        <col class="ln-col" />
        <col />
      </colgroup>
      <caption class="visually-hidden">
        {strings.detail.live} → {strings.detail.desired}
      </caption>
      <tbody>
        {hunks(lines).map((h, i) =>
          'skipped' in h ? (
            <tr key={i} class="skipped">
              <td colSpan={3}>⋯ {h.skipped}</td>
            </tr>
          ) : (
            h.lines.map((l, j) => (
              <tr key={`${i}-${j}`} class={l.kind}>
                <td class="ln">{l.left ?? ''}</td>
                <td class="ln">{l.right ?? ''}</td>
                <td>
                  <code>
                    <span aria-hidden="true">{l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}</span>
                    {l.kind !== 'same' && <span class="visually-hidden">{l.kind === 'add' ? 'added: ' : 'removed: '}</span>}
                    {l.text}
                  </code>
                </td>
              </tr>
            ))
          ),
        )}
      </tbody>
    </table>
  );
}

function Split({ lines }: { lines: DiffLine[] }) {
  const rows = sideBySide(lines);
  return (
    <table class="diff split">
      <colgroup>
        <col class="ln-col" />
        <col />
        <col class="ln-col" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th colSpan={2}>{strings.detail.live}</th>
          <th colSpan={2}>{strings.detail.desired}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([left, right], i) => (
          <tr key={i}>
            <td class="ln">{left?.left ?? ''}</td>
            <td class={left ? left.kind : 'empty'}>
              <code>{left?.text ?? ''}</code>
            </td>
            <td class="ln">{right?.right ?? ''}</td>
            <td class={right ? right.kind : 'empty'}>
              <code>{right?.text ?? ''}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DiffBody({ diff, mode }: { diff: ObjectDiff; mode: DiffMode }) {
  return (
    <div class="diff-body" data-diff={diff.key}>
      {diff.liveMissing && <p class="notice">{strings.detail.notInCluster}</p>}
      {diff.desiredMissing && <p class="notice">{strings.detail.notInGit}</p>}
      {!diff.changed ? <p class="notice">{strings.detail.noDiff}</p> : mode === 'unified' ? <Unified lines={diff.lines} /> : <Split lines={diff.lines} />}
    </div>
  );
}

export function DiffModeSwitch({ mode, onChange }: { mode: DiffMode; onChange: (mode: DiffMode) => void }) {
  return (
    <div class="segmented" role="group" aria-label={strings.detail.diff}>
      <button type="button" aria-pressed={mode === 'split'} onClick={() => onChange('split')}>
        {strings.detail.sideBySide}
      </button>
      <button type="button" aria-pressed={mode === 'unified'} onClick={() => onChange('unified')}>
        {strings.detail.unified}
      </button>
    </div>
  );
}

/** Every managed object that differs, one diff each. */
export function AppDiff({ managed, mode }: { managed: ManagedResource[]; mode: DiffMode }) {
  const diffs = useMemo(() => managed.map(objectDiff).filter((d) => d.changed), [managed]);
  if (diffs.length === 0) return <p class="notice">{strings.detail.noDiff}</p>;
  return (
    <div class="app-diff">
      {diffs.map((d) => (
        <section key={d.key} aria-label={d.title}>
          <h3>{d.title}</h3>
          <DiffBody diff={d} mode={mode} />
        </section>
      ))}
    </div>
  );
}
