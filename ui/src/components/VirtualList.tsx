// A list that renders only the rows in view (plus a few), so thousands of apps scroll smoothly. Rows have one height;
// with `minColumnWidth` each row holds as many cells as fit (tiles). Arrow keys, Page Up/Down, Home and End move the
// focus from row to row.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: T[];
  rowHeight: number;
  minColumnWidth?: number;
  label: string;
  render: (item: T, index: number) => ComponentChildren;
  keyOf: (item: T) => string;
  header?: ComponentChildren;
}

const overscan = 4;

export function VirtualList<T>({ items, rowHeight, minColumnWidth, label, render, keyOf, header }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 1024, height: 800 });
  const focusNext = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const columns = minColumnWidth ? Math.max(1, Math.floor(size.width / minColumnWidth)) : 1;
  const rows = Math.ceil(items.length / columns);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows, Math.ceil((scrollTop + size.height) / rowHeight) + overscan);

  useEffect(() => {
    if (focusNext.current === null) return;
    const target = box.current?.querySelector<HTMLElement>(`[data-index="${focusNext.current}"] a`);
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const element = box.current;
    const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-index]');
    if (!element || !current) return;
    const index = Number(current.dataset.index);
    const page = Math.max(1, Math.floor(size.height / rowHeight)) * columns;
    const moves: Record<string, number> = {
      ArrowDown: index + columns,
      ArrowUp: index - columns,
      ArrowRight: columns > 1 ? index + 1 : index,
      ArrowLeft: columns > 1 ? index - 1 : index,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: items.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const target = Math.max(0, Math.min(items.length - 1, moves[event.key]));
    const top = Math.floor(target / columns) * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
    const rendered = element.querySelector<HTMLElement>(`[data-index="${target}"] a`);
    if (rendered) rendered.focus();
    else {
      focusNext.current = target;
      setScrollTop(element.scrollTop);
    }
  };

  const visible: ComponentChildren[] = [];
  for (let row = first; row < last; row++) {
    const cells: ComponentChildren[] = [];
    for (let c = 0; c < columns; c++) {
      const index = row * columns + c;
      if (index >= items.length) break;
      const item = items[index];
      cells.push(
        <div key={keyOf(item)} class="virtual-cell" role="listitem" data-index={index} aria-setsize={items.length} aria-posinset={index + 1}>
          {render(item, index)}
        </div>,
      );
    }
    visible.push(
      <div key={row} class="virtual-row" style={{ transform: `translateY(${row * rowHeight}px)`, height: `${rowHeight}px`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {cells}
      </div>,
    );
  }

  return (
    <div class="virtual" ref={box} onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)} onKeyDown={onKeyDown}>
      {header}
      <div class="virtual-space" role="list" aria-label={label} style={{ height: `${rows * rowHeight}px` }}>
        {visible}
      </div>
    </div>
  );
}
