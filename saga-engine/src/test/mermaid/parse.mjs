// Parses each file given with Mermaid's own parser (in jsdom, as Mermaid needs a DOM) and prints one line per file:
// "OK <file> <diagram type>" or "ERROR <file> <message>". Exit code 1 when any file fails.
import { JSDOM } from 'jsdom';
import fs from 'node:fs';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(fs.readFileSync(file, 'utf8'));
    console.log(`OK ${file} ${result.diagramType}`);
  } catch (e) {
    console.log(`ERROR ${file} ${String(e.message).replace(/\s+/g, ' ')}`);
    process.exitCode = 1;
  }
}
