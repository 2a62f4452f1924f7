// Deleting an app: with or without its objects (cascade), foreground or background, confirmed by typing its name.
import { useState } from 'preact/hooks';
import { strings } from '../../strings';
import { Dialog } from '../../components/Dialog';

export function DeleteDialog({ name, onSubmit, onClose }: { name: string; onSubmit: (cascade: boolean, policy: string) => Promise<void>; onClose: () => void }) {
  const [cascade, setCascade] = useState(true);
  const [policy, setPolicy] = useState('foreground');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit(cascade, policy);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={strings.deleteDialog.title(name)} onClose={onClose}>
      <form class="dialog-form" onSubmit={submit}>
        <label class="check">
          <input type="checkbox" checked={cascade} onChange={(e) => setCascade((e.currentTarget as HTMLInputElement).checked)} />
          {strings.deleteDialog.cascade}
        </label>
        {cascade && (
          <fieldset>
            <legend>{strings.deleteDialog.propagation}</legend>
            {['foreground', 'background'].map((p) => (
              <label key={p} class="check">
                <input type="radio" name="propagation" checked={policy === p} onChange={() => setPolicy(p)} />
                {p === 'foreground' ? strings.deleteDialog.foreground : strings.deleteDialog.background}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          {strings.deleteDialog.confirmLabel(name)}
          <input value={typed} onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)} autocomplete="off" />
        </label>
        <div class="dialog-actions">
          <button type="button" class="button secondary" onClick={onClose}>
            {strings.common.cancel}
          </button>
          <button type="submit" class="button danger" disabled={busy || typed !== name}>
            {strings.deleteDialog.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
