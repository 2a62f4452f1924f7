// A button for an action RBAC may refuse: disabled with the reason shown beside it when can-i says no.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { Permission } from '../lib/session';

export function ActionButton(props: {
  permission: Permission | undefined;
  reason: string;
  onClick: () => void;
  disabled?: boolean;
  disabledReason?: string;
  primary?: boolean;
  danger?: boolean;
  children: ComponentChildren;
}) {
  const id = useId();
  const refused = props.permission === 'no';
  const because = refused ? props.reason : props.disabled ? props.disabledReason : undefined;
  return (
    <span class="action">
      <button
        type="button"
        class={`button ${props.primary ? 'primary' : props.danger ? 'danger' : 'secondary'}`}
        disabled={refused || props.disabled || props.permission === undefined}
        aria-describedby={because ? id : undefined}
        title={because}
        onClick={props.onClick}
      >
        {props.children}
      </button>
      {because && (
        <span id={id} class="reason">
          {because}
        </span>
      )}
    </span>
  );
}
