import type { ComponentChildren } from 'preact';
import { linkClick } from '../lib/router';

/** An anchor that navigates inside the app (a modified click still opens a new tab). */
export function Link(props: { href: string; class?: string; children: ComponentChildren; 'aria-label'?: string; 'aria-current'?: 'page' | undefined; title?: string }) {
  const { href, children, ...rest } = props;
  return (
    <a href={href} onClick={(e) => linkClick(e, href)} {...rest}>
      {children}
    </a>
  );
}
