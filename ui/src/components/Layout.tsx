// The frame of every page after login: a skip link, the navigation, the user with logout, the theme switch.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { strings } from '../strings';
import { Link } from './Link';
import { applyTheme, savedTheme, type Theme } from '../lib/theme';

const sections = [
  { href: '/applications', label: strings.nav.applications },
  { href: '/applicationsets', label: strings.nav.applicationSets },
  { href: '/settings/projects', label: strings.nav.projects },
  { href: '/settings/clusters', label: strings.nav.clusters },
  { href: '/settings/repos', label: strings.nav.repositories },
  { href: '/audit', label: strings.nav.audit },
];

export function Layout({ path, username, onLogout, children }: { path: string; username: string; onLogout: () => void; children: ComponentChildren }) {
  const [theme, setTheme] = useState<Theme>(savedTheme());
  const change = (value: Theme) => {
    setTheme(value);
    applyTheme(value);
  };
  return (
    <div class="layout">
      <a class="skip-link" href="#main">
        {strings.skipToContent}
      </a>
      <header class="topbar">
        <Link href="/applications" class="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>{strings.product}</span>
        </Link>
        <nav aria-label={strings.nav.label}>
          <ul>
            {sections.map((s) => (
              <li key={s.href}>
                <Link href={s.href} aria-current={path === s.href || path.startsWith(`${s.href}/`) ? 'page' : undefined}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="user">
          <label class="theme">
            <span class="visually-hidden">{strings.nav.theme}</span>
            <select value={theme} onChange={(e) => change((e.currentTarget as HTMLSelectElement).value as Theme)}>
              <option value="system">{strings.nav.themeSystem}</option>
              <option value="light">{strings.nav.themeLight}</option>
              <option value="dark">{strings.nav.themeDark}</option>
            </select>
          </label>
          <span class="username" title={strings.nav.user} data-testid="username">
            {username}
          </span>
          <button type="button" class="button secondary" onClick={onLogout}>
            {strings.nav.logout}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
