// Reports become pull-request comments, where GitHub renders `@user` and `@org/team` as mentions (notifying people),
// bare URLs as links, `:emoji:` as pictures, `$…$` as math and HTML as HTML, in table cells too: a value from the data
// is always written as a code span it cannot break out of, where none of that is rendered.
import { forTerminal } from './terminal';

/** `value` as an inert code span fit for a table cell, with a backtick fence longer than any backtick run inside. */
export function inlineCode(value: string): string {
  const visible = forTerminal(value).replace(/\|/g, '\\|');
  if (visible === '') return '` `';
  const longestRun = Math.max(0, ...(visible.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A space on each side keeps a leading or trailing backtick (or space) inside the span.
  const pad = /^[` ]|[` ]$/.test(visible) ? ' ' : '';
  return `${fence}${pad}${visible}${pad}${fence}`;
}

/** A whole-line HTML comment that GitHub hides: the marker a CI step uses to find its own comment. */
export function hiddenMarker(id: string): string {
  // `--` cannot occur inside an HTML comment; the id is ours (report kind, stack, zones), not data.
  return `<!-- ${id.replace(/-{2,}/g, '-').replace(/[<>]/g, '')} -->`;
}
