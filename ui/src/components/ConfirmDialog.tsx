// A question with a confirm and a cancel button, in a modal dialog.
import { useState } from 'preact/hooks';
import { strings } from '../strings';
import { Dialog } from './Dialog';

export function ConfirmDialog({ title, question, confirm, onConfirm, onClose }: { title: string; question: string; confirm: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        class="dialog-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
          }
        }}
      >
        <p>{question}</p>
        <div class="dialog-actions">
          <button type="button" class="button secondary" onClick={onClose}>
            {strings.common.cancel}
          </button>
          <button type="submit" class="button primary" disabled={busy}>
            {confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
