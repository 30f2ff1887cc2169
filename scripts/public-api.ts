/**
 * The public API of each package entry, read from the entry files with the TypeScript compiler: every exported
 * name, whether it is a value or a type only, the group it is listed under (the `// ...` comment above its
 * export in the entry file) and the first sentence of its doc comment. `npx tsx scripts/public-api.ts --write`
 * writes docs/api.md from it; test/package/public-api.test.ts checks that docs/api.md is what it would write.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The package's entries (package.json `exports`) and their source files. */
export const ENTRIES = [
  { specifier: 'verdict', file: 'src/index.ts' },
  { specifier: 'verdict/stats', file: 'stats/index.ts' },
  { specifier: 'verdict/reports', file: 'reports/index.ts' },
  { specifier: 'verdict/charts', file: 'reports/charts/index.ts' },
] as const;

export interface ApiName {
  readonly name: string;
  /** `value` (a function, class, constant or zod schema; it may also name a type) or `type` (erased at run time). */
  readonly kind: 'value' | 'type';
  readonly group: string;
  readonly summary: string;
}

export interface EntryApi {
  readonly specifier: string;
  readonly names: readonly ApiName[];
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const match = /^(.*?\.)(\s|$)/.exec(flat);
  const sentence = match ? match[1]! : flat;
  return sentence.length > 160 ? `${sentence.slice(0, 157).trimEnd()}...` : sentence;
}

/** Group headings: the last `// text` line comment before an export statement, in file order. */
function groupOf(statement: ts.Statement, source: ts.SourceFile, current: string): string {
  const comments = ts.getLeadingCommentRanges(source.text, statement.pos) ?? [];
  const lines = comments
    .filter((range) => range.kind === ts.SyntaxKind.SingleLineCommentTrivia)
    .map((range) => source.text.slice(range.pos + 2, range.end).trim())
    .filter((text) => text !== '' && !/^biome-ignore/.test(text));
  return lines.length > 0 ? lines[lines.length - 1]! : current;
}

/** Every entry's exported names, in the order of the entry file. */
export function publicApi(): EntryApi[] {
  const files = ENTRIES.map((entry) => join(ROOT, entry.file));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  return ENTRIES.map((entry) => {
    const source = program.getSourceFile(join(ROOT, entry.file))!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));
    const names: ApiName[] = [];
    const seen = new Set<string>();
    let group = '';
    const add = (symbol: ts.Symbol) => {
      if (seen.has(symbol.name)) return;
      seen.add(symbol.name);
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const summary = firstSentence(ts.displayPartsToString(target.getDocumentationComment(checker)));
      names.push({
        name: symbol.name,
        kind: target.flags & ts.SymbolFlags.Value ? 'value' : 'type',
        group,
        summary,
      });
    };
    for (const statement of source.statements) {
      if (!ts.isExportDeclaration(statement)) continue;
      group = groupOf(statement, source, group);
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) add(exported.get(element.name.text)!);
      } else if (statement.moduleSpecifier) {
        // `export * from`: the names that module exports, in its order.
        const target = checker.getSymbolAtLocation(statement.moduleSpecifier);
        if (target) for (const symbol of checker.getExportsOfModule(target)) add(exported.get(symbol.name) ?? symbol);
      }
    }
    for (const symbol of exported.values()) add(symbol);
    return { specifier: entry.specifier, names };
  });
}

/** docs/api.md: each entry's names by group, with their first doc sentence. */
export function renderApiMarkdown(api: readonly EntryApi[] = publicApi()): string {
  const lines = [
    '# The public API',
    '',
    'Everything each entry of the package exports, and nothing else: a name not listed here is internal and may',
    'change in any release. Generated from the entry files by `npx tsx scripts/public-api.ts --write`;',
    '`test/package/public-api.test.ts` fails when this page and the exports differ. Each function, class and',
    'schema has its full documentation (formula, paper, example) in its doc comment; `type` marks names that are',
    'types only.',
    '',
  ];
  for (const entry of api) {
    lines.push(`## \`${entry.specifier}\``, '');
    let group: string | undefined;
    for (const { name, kind, group: heading, summary } of entry.names) {
      if (heading !== group) {
        if (group !== undefined) lines.push('');
        group = heading;
        if (heading !== '') lines.push(`### ${heading.charAt(0).toUpperCase()}${heading.slice(1)}`, '');
      }
      lines.push(`- \`${name}\`${kind === 'type' ? ' (type)' : ''}${summary === '' ? '' : `: ${summary}`}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = renderApiMarkdown();
  if (process.argv.includes('--write')) writeFileSync(join(ROOT, 'docs/api.md'), text);
  else process.stdout.write(text);
}
