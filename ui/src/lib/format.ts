// Times for people: "3 minutes ago" (in the browser's language) with the exact time as a title.

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function ago(time: string | undefined, now = Date.now()): string {
  if (!time) return '';
  const at = Date.parse(time);
  if (Number.isNaN(at) || at <= 0) return '';
  const seconds = Math.round((at - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') return relative.format(Math.round(seconds / size), unit);
  }
  return '';
}

export function exact(time: string | undefined): string {
  if (!time) return '';
  const at = Date.parse(time);
  return Number.isNaN(at) ? time : new Date(at).toLocaleString();
}
