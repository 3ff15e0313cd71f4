/**
 * Reads a Chrome trace (devtools.timeline + v8) of one page load and answers two questions about the
 * page's renderer main thread:
 * - attributed: the time of every task the content script ran — V8 events whose script is the
 *   extension's (EvaluateScript/v8.run of the injected file, FunctionCall of its listeners, timers
 *   and observers, v8.compile), counted once when they nest. They include the style and layout the
 *   script forces (getBoundingClientRect, getComputedStyle run synchronously inside them). They miss
 *   promise continuations that V8 reports without a script address.
 * - busy: the sum of the main thread's top-level tasks, for comparing the same page with and without
 *   the extension (catches what attribution misses, but includes work the page needs anyway, like the
 *   first layout the scan may force early, and more noise).
 */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface MainThreadCost {
  /** Sum of the content script's tasks (ms). */
  attributedMs: number;
  /** The content script's longest single task (ms): the initial scan on a static page. */
  longestMs: number;
  /** Of the attributed time: compiling the script (v8.compile), paid in every frame before any scan. */
  compileMs: number;
  /** Top-level tasks of the page's main thread, whoever ran them (ms). */
  busyMs: number;
}

/** The renderer main thread that parsed `pageUrl`. */
function pageMainThread(events: TraceEvent[], pageUrl: string): { pid: number; tid: number } {
  const parse = events.find((event) => event.name === 'ParseHTML' && JSON.stringify(event.args ?? {}).includes(pageUrl));
  if (!parse) throw new Error(`the trace has no ParseHTML of ${pageUrl}`);
  return { pid: parse.pid, tid: parse.tid };
}

/** Total length of the union of [start, end) intervals (nested or overlapping events count once). */
function unionMs(intervals: [number, number][]): { total: number; longest: number } {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let longest = 0;
  let current: [number, number] | null = null;
  const close = () => {
    if (!current) return;
    total += current[1] - current[0];
    longest = Math.max(longest, current[1] - current[0]);
  };
  for (const interval of sorted) {
    if (current && interval[0] <= current[1]) current[1] = Math.max(current[1], interval[1]);
    else {
      close();
      current = [...interval];
    }
  }
  close();
  return { total: total / 1000, longest: longest / 1000 };
}

export function mainThreadCost(events: TraceEvent[], pageUrl: string, extensionOrigin: string): MainThreadCost {
  const { pid, tid } = pageMainThread(events, pageUrl);
  const onMain = events.filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X' && typeof event.dur === 'number');
  const ours = onMain.filter((event) => event.args !== undefined && JSON.stringify(event.args).includes(extensionOrigin));
  const attributed = unionMs(ours.map((event) => [event.ts, event.ts + event.dur!]));
  const compile = unionMs(ours.filter((event) => event.name === 'v8.compile').map((event) => [event.ts, event.ts + event.dur!]));
  const busy = unionMs(onMain.filter((event) => event.name === 'RunTask').map((event) => [event.ts, event.ts + event.dur!]));
  return { attributedMs: attributed.total, longestMs: attributed.longest, compileMs: compile.total, busyMs: busy.total };
}

export function parseTrace(buffer: Uint8Array): TraceEvent[] {
  const parsed = JSON.parse(Buffer.from(buffer).toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}
