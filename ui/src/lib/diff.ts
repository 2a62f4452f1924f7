// Line diffs for the diff view: the longest common subsequence of two texts' lines, as hunks with context.

export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string; left?: number; right?: number };

const maxCells = 25_000_000;

/** Every line of both texts, marked same, added (only in `right`) or deleted (only in `left`). */
export function diffLines(leftText: string, rightText: string): DiffLine[] {
  const a = leftText.length === 0 ? [] : leftText.replace(/\n$/, '').split('\n');
  const b = rightText.length === 0 ? [] : rightText.replace(/\n$/, '').split('\n');
  // Common head and tail first: most objects differ in a few lines.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i], left: i + 1, right: i + 1 });
  const n = midA.length;
  const m = midB.length;
  if (n * m > maxCells) {
    midA.forEach((text, i) => out.push({ kind: 'del', text, left: head + i + 1 }));
    midB.forEach((text, j) => out.push({ kind: 'add', text, right: head + j + 1 }));
  } else {
    const lcs = new Int32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = midA[i] === midB[j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ kind: 'same', text: midA[i], left: head + i + 1, right: head + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1])) {
        out.push({ kind: 'del', text: midA[i], left: head + i + 1 });
        i++;
      } else {
        out.push({ kind: 'add', text: midB[j], right: head + j + 1 });
        j++;
      }
    }
  }
  for (let k = 0; k < tail; k++) out.push({ kind: 'same', text: a[a.length - tail + k], left: a.length - tail + k + 1, right: b.length - tail + k + 1 });
  return out;
}

export type Hunk = { lines: DiffLine[] } | { skipped: number };

/** The diff with runs of unchanged lines longer than 2×`context` folded. */
export function hunks(lines: DiffLine[], context = 3): Hunk[] {
  const changed = lines.map((l) => l.kind !== 'same');
  const keep = lines.map((_, i) => {
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) if (changed[k]) return true;
    return false;
  });
  const out: Hunk[] = [];
  let current: DiffLine[] = [];
  let skipped = 0;
  lines.forEach((line, i) => {
    if (keep[i]) {
      if (skipped > 0) out.push({ skipped });
      skipped = 0;
      current.push(line);
    } else {
      if (current.length > 0) out.push({ lines: current });
      current = [];
      skipped++;
    }
  });
  if (current.length > 0) out.push({ lines: current });
  if (skipped > 0) out.push({ skipped });
  return out;
}

/** Pairs of left and right lines for a side-by-side view: a deletion beside the addition that replaced it. */
export function sideBySide(lines: DiffLine[]): [DiffLine | null, DiffLine | null][] {
  const rows: [DiffLine | null, DiffLine | null][] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) rows.push([dels[k] ?? null, adds[k] ?? null]);
    dels = [];
    adds = [];
  };
  for (const line of lines) {
    if (line.kind === 'del') dels.push(line);
    else if (line.kind === 'add') adds.push(line);
    else {
      flush();
      rows.push([line, line]);
    }
  }
  flush();
  return rows;
}
