/**
 * What autofill costs to download into pages, gzip -9 as a store would serve it: each content script
 * the manifest injects (the always-on part), each script those pull in later through
 * web_accessible_resources (only on a person's action), and the scripts the menu and save-prompt
 * pages load (their entry module plus the modules it imports statically; styles listed apart).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeRow {
  part: string;
  files: string[];
  gzip: number;
}

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

function staticImports(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) found.add(match[1]!);
  return [...found];
}

/** A script and every module it imports statically, as files of the output folder. */
function withStaticImports(outputDir: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('/')) visit(path.join(outputDir, specifier));
      else if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
    }
  };
  visit(entry);
  return [...seen];
}

function pageRows(outputDir: string, htmlFile: string): SizeRow[] {
  const html = readFileSync(path.join(outputDir, htmlFile), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+\.js)"/g)].map((match) => path.join(outputDir, match[1]!));
  const styles = [...html.matchAll(/<link[^>]*href="([^"]+\.css)"/g)].map((match) => path.join(outputDir, match[1]!));
  const js = [...new Set(scripts.flatMap((script) => withStaticImports(outputDir, script)))];
  const relative = (files: string[]) => files.map((file) => path.relative(outputDir, file));
  return [
    { part: `${htmlFile} scripts`, files: relative(js), gzip: js.reduce((sum, file) => sum + gzipSize(file), 0) },
    { part: `${htmlFile} styles`, files: relative(styles), gzip: styles.reduce((sum, file) => sum + gzipSize(file), 0) },
  ];
}

interface Manifest {
  content_scripts?: { js?: string[] }[];
  web_accessible_resources?: { resources: string[] }[];
}

export function autofillSizes(outputDir: string): SizeRow[] {
  const manifest = JSON.parse(readFileSync(path.join(outputDir, 'manifest.json'), 'utf8')) as Manifest;
  const rows: SizeRow[] = [];
  for (const file of new Set((manifest.content_scripts ?? []).flatMap((script) => script.js ?? []))) {
    rows.push({ part: `content script ${file} (always on)`, files: [file], gzip: gzipSize(path.join(outputDir, file)) });
  }
  const lazy = (manifest.web_accessible_resources ?? []).flatMap((entry) => entry.resources).filter((resource) => resource.endsWith('.js'));
  for (const file of lazy) {
    const files = withStaticImports(outputDir, path.join(outputDir, file));
    rows.push({ part: `${file} (loaded on use)`, files: files.map((f) => path.relative(outputDir, f)), gzip: files.reduce((sum, f) => sum + gzipSize(f), 0) });
  }
  for (const page of ['autofill-menu.html', 'save-prompt.html']) {
    if (existsSync(path.join(outputDir, page))) rows.push(...pageRows(outputDir, page));
  }
  return rows;
}
