// JSON objects written as YAML for reading and diffing: block style, keys in a stable order (apiVersion, kind, metadata,
// spec, data first; the rest alphabetically), so the desired and the live object line up.

const topOrder = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'status'];

function orderedKeys(object: Record<string, unknown>, top: boolean): string[] {
  const keys = Object.keys(object).sort();
  if (!top) return keys;
  return [...topOrder.filter((k) => k in object), ...keys.filter((k) => !topOrder.includes(k))];
}

const plain = /^[A-Za-z_/.][\w./-]*( [\w./-]+)*$/;
const reserved = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value: string): string {
  if (value.length > 0 && plain.test(value) && !reserved.test(value) && !/^[\d.+-]/.test(value)) return value;
  return JSON.stringify(value);
}

function key(name: string): string {
  return plain.test(name) && !reserved.test(name) ? name : JSON.stringify(name);
}

function write(value: unknown, indent: string, lines: string[], prefix: string, top: boolean): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      lines.push(`${prefix}[]`);
      return;
    }
    if (prefix.trim().length > 0) lines.push(prefix.trimEnd());
    for (const item of value) write(item, `${indent}  `, lines, `${indent}- `, false);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = orderedKeys(object, top);
    if (keys.length === 0) {
      lines.push(`${prefix}{}`);
      return;
    }
    let first = true;
    if (prefix.trim().length > 0 && !prefix.endsWith('- ')) lines.push(prefix.trimEnd());
    for (const k of keys) {
      // The first key of a list item shares the "- " line.
      const lead = first && prefix.endsWith('- ') ? prefix : indent;
      first = false;
      const child = object[k];
      if (child !== null && typeof child === 'object' && (Array.isArray(child) ? child.length > 0 : Object.keys(child).length > 0)) {
        write(child, Array.isArray(child) ? indent : `${indent}  `, lines, `${lead}${key(k)}:`, false);
      } else if (typeof child === 'string' && child.includes('\n')) {
        lines.push(`${lead}${key(k)}: |${child.endsWith('\n') ? '' : '-'}`);
        for (const line of child.replace(/\n$/, '').split('\n')) lines.push(`${indent}  ${line}`);
      } else {
        write(child, `${indent}  `, lines, `${lead}${key(k)}: `, false);
      }
    }
    return;
  }
  const text = typeof value === 'string' ? scalar(value) : value === null || value === undefined ? 'null' : String(value);
  lines.push(`${prefix}${text}`);
}

/** The YAML text of a JSON value (an object as a Kubernetes manifest). */
export function toYaml(value: unknown): string {
  if (value === null || value === undefined) return '';
  const lines: string[] = [];
  write(value, '', lines, '', true);
  return `${lines.join('\n')}\n`;
}
