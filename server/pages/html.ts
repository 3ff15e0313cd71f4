/** Minimal HTML for the hub's few pages and emails. Every interpolated value goes through escapeHtml. */
import type { Language } from '../../lib/protocol/regions.ts';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A complete page. `body` must already be safe HTML built with escapeHtml. */
export function page(options: { language: Language; title: string; body: string; footer: string }): string {
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(options.title)} · My Tessera</title>
<link rel="stylesheet" href="/assets/hub.css">
</head>
<body>
<main>
<p class="brand">My Tessera</p>
${options.body}
</main>
<footer>${escapeHtml(options.footer)}</footer>
</body>
</html>`;
}

export const HUB_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center; background: Canvas; color: CanvasText; }
main { max-width: 36rem; padding: 3rem 1.5rem 1rem; }
.brand { font-weight: 700; letter-spacing: .04em; color: #3b5bdb; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
p { line-height: 1.5; }
footer { margin-top: auto; padding: 1.5rem; font-size: .85rem; opacity: .7; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
td, th { border-bottom: 1px solid #8884; padding: .4rem; text-align: left; vertical-align: top; }
pre { white-space: pre-wrap; margin: 0; }
`;
