/**
 * Checks that a Markdown report renders data inertly on GitHub: outside code spans there is no mention,
 * autolink, emoji shortcode, strikethrough, math or HTML of the data's making, no raw control or bidi
 * character anywhere, and no table row with more cells than its header.
 */
import assert from 'node:assert/strict';
import { hasUnsafeCharacters } from '../../lib/sinks/terminal';

/**
 * The text with every CommonMark code span removed (a run of n backticks up to the next run of exactly
 * n backticks); a run without a closing partner is literal text and stays.
 */
export function outsideCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text[i];
      i += 1;
      continue;
    }
    let n = 0;
    while (text[i + n] === '`') n += 1;
    const fence = '`'.repeat(n);
    let close = -1;
    for (let j = i + n; j < text.length;) {
      const at = text.indexOf(fence, j);
      if (at < 0) break;
      let run = 0;
      while (text[at + run] === '`') run += 1;
      if (run === n) {
        close = at;
        break;
      }
      j = at + run;
    }
    if (close < 0) {
      out += fence;
      i += n;
    } else {
      out += ' ';
      i = close + n;
    }
  }
  return out;
}

/** The tags this package's reports write themselves. */
const OWN_HTML = /<\/?(?:details|summary|br)>|<!-- origin-cloud-regions:[A-Za-z0-9._:/-]+ -->/g;

/** Asserts the report is inert (see the module comment). */
export function assertInertMarkdown(md: string): void {
  // Code spans never span lines in this package's output; check line by line, as GitHub would parse a table row.
  const lines = md.split('\n');
  let columns = 0;
  for (const line of lines) {
    assert.ok(!hasUnsafeCharacters(line), `no raw control, bidi or invisible character: ${JSON.stringify(line)}`);
    const outside = outsideCodeSpans(line).replace(OWN_HTML, '');
    assert.doesNotMatch(outside, /@[A-Za-z0-9]/, `no mention outside code spans: ${line}`);
    assert.doesNotMatch(outside, /https?:|www\./i, `no autolink outside code spans: ${line}`);
    assert.doesNotMatch(outside, /:[a-z0-9_+-]+:/, `no emoji shortcode outside code spans: ${line}`);
    assert.doesNotMatch(outside, /~~|\$/, `no strikethrough or math outside code spans: ${line}`);
    assert.doesNotMatch(outside, /<[A-Za-z!/?]|&[#A-Za-z0-9]+;/, `no HTML of the data's making: ${line}`);
    if (line.startsWith('|')) {
      // A pipe preceded by a backslash never splits a cell in GFM (cmark-gfm absorbs it as an escape).
      const cells = (line.match(/(?<!\\)\|/g) ?? []).length - 1;
      if (/^\| (?:---(?: \| )?)+\|$/.test(line) || columns === 0) columns = cells;
      assert.equal(cells, columns, `a table row keeps its ${columns} cells: ${line}`);
    } else columns = 0;
  }
}
