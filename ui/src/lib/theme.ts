// Light, dark or the system's choice, remembered in localStorage and applied as <html data-theme>.
export type Theme = 'light' | 'dark' | 'system';

const key = 'hawser.theme';

export function savedTheme(): Theme {
  const value = localStorage.getItem(key);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') {
    localStorage.removeItem(key);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(key, theme);
    document.documentElement.dataset.theme = theme;
  }
}
