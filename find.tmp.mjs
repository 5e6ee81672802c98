import { readFileSync, readdirSync } from 'node:fs';
const blocks = [];
for (const dir of ['tests/e2e', 'tests/unit']) for (const f of readdirSync(dir).filter((f) => f.endsWith('.test.mjs'))) {
  const src = readFileSync(`${dir}/${f}`, 'utf8');
  const parts = src.split(/\n(?=\s*(?:test|it)\((?:'|`|"))/);
  for (const p of parts.slice(1)) { const m = p.match(/^\s*(?:test|it)\((['`"])((?:\\.|(?!\1)[^])*)\1/); if (!m) continue; blocks.push({ file: `${dir}/${f}`, name: m[2].replace(/\\'/g, "'"), body: p }); }
}
const items = JSON.parse(readFileSync('/tmp/slim/items.json', 'utf8'));
for (const [kind, list] of Object.entries(items)) for (const item of list) {
  const pats = Array.isArray(item) ? item : [item];
  const hits = blocks.filter((b) => pats.some((p) => b.body.includes(p)));
  console.log(`${kind} ${pats[0]} :: ${hits.slice(0,4).map((h) => `${h.file.split('/').pop()} «${h.name.slice(0,70)}»`).join(' | ')}`);
}
