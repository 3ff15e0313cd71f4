/**
 * The popup's first-screen weight: the scripts and styles popup.html loads before anything is
 * rendered (its entry module, the modules it statically imports, its stylesheet), gzip-compressed as
 * a browser would download them from a store. Lazily imported chunks are listed separately.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  firstScreenGzip: number;
  firstScreenFiles: string[];
  lazyChunks: { file: string; gzip: number }[];
}

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Static `import … from "./x.js"` / `import "./x.js"` specifiers of a built ES module. */
function staticImports(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) found.add(match[1]!);
  return [...found];
}

export function popupBundleSizes(outputDir: string): BundleSizes {
  const html = readFileSync(path.join(outputDir, 'popup.html'), 'utf8');
  const entries = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((match) => path.join(outputDir, match[1]!));
  const firstScreen = new Set<string>();
  const visit = (file: string) => {
    if (firstScreen.has(file)) return;
    firstScreen.add(file);
    if (!file.endsWith('.js')) return;
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        visit(specifier.startsWith('/') ? path.join(outputDir, specifier) : path.resolve(path.dirname(file), specifier));
      }
    }
  };
  entries.forEach(visit);
  const chunksDir = path.join(outputDir, 'chunks');
  const lazyChunks = readdirSync(chunksDir)
    .map((name) => path.join(chunksDir, name))
    .filter((file) => file.endsWith('.js') && !firstScreen.has(file))
    .map((file) => ({ file: path.relative(outputDir, file), gzip: gzipSize(file) }))
    .sort((a, b) => b.gzip - a.gzip);
  return {
    firstScreenGzip: [...firstScreen].reduce((sum, file) => sum + gzipSize(file), 0),
    firstScreenFiles: [...firstScreen].map((file) => path.relative(outputDir, file)),
    lazyChunks,
  };
}
