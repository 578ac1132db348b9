import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './constants';

/** A fenced code block of a Markdown document. */
export interface FencedBlock {
  /** The info string's first word (`ts`, `sh`, `text`), or `''`. */
  readonly lang: string;
  /** The lines between the fences, each ending with `\n`. */
  readonly body: string;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * The text of the section under the level-2 heading `## <heading>` (exact text), up to the next level-2 or
 * level-1 heading. Headings inside fenced code blocks do not count.
 *
 * @throws Error naming the heading when the section is missing or appears twice
 */
export function markdownSection(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const starts: number[] = [];
  const ends: number[] = [];
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const open = FENCE.exec(line);
    if (fence !== undefined) {
      if (open && open[2][0] === fence[0] && open[2].length >= fence.length && open[3] === '') fence = undefined;
      return;
    }
    if (open) {
      fence = open[2];
      return;
    }
    if (line === `## ${heading}`) starts.push(i);
    else if (/^#{1,2} /.test(line)) ends.push(i);
  });
  if (starts.length !== 1) {
    throw new Error(`README: expected one section "## ${heading}", found ${starts.length}`);
  }
  const start = starts[0];
  const end = ends.find((i) => i > start) ?? lines.length;
  return lines.slice(start + 1, end).join('\n');
}

/** The fenced code blocks of a Markdown text, in order. An unclosed fence runs to the end of the text. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; lang: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const match = FENCE.exec(line);
    if (open === undefined) {
      if (match) open = { fence: match[2], lang: match[3], lines: [] };
      continue;
    }
    if (match && match[2][0] === open.fence[0] && match[2].length >= open.fence.length && match[3] === '') {
      blocks.push({ lang: open.lang, body: open.lines.map((l) => `${l}\n`).join('') });
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  if (open !== undefined) blocks.push({ lang: open.lang, body: open.lines.map((l) => `${l}\n`).join('') });
  return blocks;
}

/**
 * The lines of the first blockquote of a Markdown text with their `>` markers removed, blank quoted lines
 * left out.
 */
export function firstBlockquote(markdown: string): string[] {
  const lines = markdown.split('\n');
  const first = lines.findIndex((l) => l.startsWith('>'));
  if (first === -1) return [];
  const out: string[] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('>')) break;
    const text = line.replace(/^> ?/, '');
    if (text.trim() !== '') out.push(text);
  }
  return out;
}

/** The repository's README.md. */
export function readmeText(): string {
  return readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
}

/**
 * The `index`-th fenced block of language `lang` under `## <heading>` of README.md, exactly as written.
 *
 * @throws Error naming the section and the language when there is no such block
 */
export function readmeBlock(heading: string, lang: string, index = 0): string {
  const blocks = fencedBlocks(markdownSection(readmeText(), heading)).filter((b) => b.lang === lang);
  const block = blocks[index];
  if (block === undefined) {
    throw new Error(`README: section "## ${heading}" has ${blocks.length} \`\`\`${lang} blocks, not ${index + 1}`);
  }
  return block.body;
}
