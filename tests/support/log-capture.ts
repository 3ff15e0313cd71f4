/** Collects a hub's log lines (pino writes one JSON object per line) for tests about what is logged. */
export interface LogCapture {
  stream: { write(line: string): void };
  /** Everything logged so far, as one string. */
  text(): string;
  records(): Record<string, unknown>[];
}

export function createLogCapture(): LogCapture {
  const lines: string[] = [];
  return {
    stream: { write: (line: string) => void lines.push(line) },
    text: () => lines.join(''),
    records: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
