/**
 * Content-safe. The save/update prompt: an extension iframe (protocol.ts PROMPT_PAGE) fixed at the
 * top right of the TOP frame. It holds no secret; the prompt page asks the background for the
 * details with the token in its address, and the background closes it (tessera.closePrompt).
 */
import { createFrameHost } from './frame-host.ts';

export const PROMPT_SIZE = { width: 360, height: 220 };
const MARGIN = 8;

export interface PromptFrame {
  close(): void;
}

export function showPromptFrame(doc: Document, src: string): PromptFrame {
  const { host, style } = createFrameHost(doc, src, PROMPT_SIZE);
  style({ top: MARGIN, right: MARGIN });
  doc.documentElement.append(host);
  return { close: () => host.remove() };
}
