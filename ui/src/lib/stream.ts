// Live updates: Server-Sent Events read with fetch (so the bearer token is sent), and polling when the server offers no
// stream or the stream drops.
import { ApiError, token } from './api';

/** Reads `path` as an event stream, calling `onData` with each event's JSON data, until it ends or `signal` aborts. */
export async function readEvents(path: string, onData: (data: unknown) => void, signal: AbortSignal): Promise<void> {
  const headers = new Headers({ Accept: 'text/event-stream' });
  const current = token();
  if (current) headers.set('Authorization', `Bearer ${current}`);
  const response = await fetch(path, { headers, signal, credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok || !response.body) throw new ApiError(response.status, response.statusText);
  if (!(response.headers.get('Content-Type') ?? '').startsWith('text/event-stream')) throw new ApiError(415, 'not an event stream');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data.length > 0) onData(JSON.parse(data));
    }
  }
}

export type LiveMode = 'stream' | 'poll';

/**
 * Keeps something up to date: follows the event stream at `streamPath`; while it is not available (the server has no
 * such endpoint, or the connection dropped) calls `poll` every `pollMs`. Returns a function that stops it.
 */
export function follow(
  streamPath: string,
  onEvent: (data: unknown) => void,
  poll: () => Promise<void>,
  onMode: (mode: LiveMode) => void,
  pollMs = 5000,
): () => void {
  const abort = new AbortController();
  let timer = 0;
  let streamAvailable = true;

  const startPolling = () => {
    onMode('poll');
    window.clearInterval(timer);
    timer = window.setInterval(() => void poll().catch(() => undefined), pollMs);
  };

  const connect = async () => {
    while (!abort.signal.aborted && streamAvailable) {
      try {
        window.clearInterval(timer);
        onMode('stream');
        await readEvents(streamPath, onEvent, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && (error.status === 404 || error.status === 405 || error.status === 415 || error.status === 501)) streamAvailable = false;
        if (error instanceof ApiError && error.status === 401) return;
      }
      if (abort.signal.aborted) return;
      // Dropped (or no stream): poll now, then keep polling until the stream is back.
      await poll().catch(() => undefined);
      startPolling();
      if (streamAvailable) await new Promise((resolve) => window.setTimeout(resolve, 3000));
    }
  };
  void connect();
  return () => {
    abort.abort();
    window.clearInterval(timer);
  };
}
