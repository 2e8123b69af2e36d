// Organisers' texts as Markdown, made safe for a page: markdown-it with raw HTML off (typed tags stay
// text), no images, no tables, no linkify; then sanitize-html with a strict allow-list (no style, no
// script, no attributes but a link's href and a source reference's label; links only http, https,
// mailto or this site's own paths, each external one rel="nofollow noopener"). "[n]" in the text is a
// reference to source number n: a superscript link to the page's list of sources. The public pages and
// the organisers' preview use this same function, so a text shows as it was previewed.
import type MarkdownItType from 'markdown-it';
import type { MarkdownIt as Parser, Token } from 'markdown-it';
import type SanitizeHtml from 'sanitize-html';
import { lazyRequire } from './lazy-module.ts';

// Both (about 12 MB resident with sanitize-html's postcss) are required on the first render, not at
// start-up: the job thread imports every capability and never renders a text.
const MarkdownIt = lazyRequire<typeof MarkdownItType>('markdown-it');
const sanitizeHtml = lazyRequire<typeof SanitizeHtml>('sanitize-html');

export interface SourceRefs {
  /** Where the sources are listed, e.g. "/en/" (the link is base + "#source-n"). */
  readonly base: string;
  /** The accessible name of the link to source n ("Source 3"). */
  readonly label: (n: number) => string;
  /** Whether source n exists (an unknown "[n]" stays text). */
  readonly known: (n: number) => boolean;
}

type RenderEnv = { refs?: SourceRefs };

const REF = /\s?\[(\d{1,2})\]/g;

function splitRefs(text: Token, refs: SourceRefs, make: (type: string) => Token): Token[] {
  const out: Token[] = [];
  let last = 0;
  const push = (content: string) => {
    if (!content) return;
    const piece = make('text');
    piece.content = content;
    out.push(piece);
  };
  for (const match of text.content.matchAll(REF)) {
    const n = Number(match[1]);
    if (!refs.known(n)) continue;
    push(text.content.slice(last, match.index));
    const ref = make('source_ref');
    ref.meta = { n };
    out.push(ref);
    last = match.index + match[0].length;
  }
  if (last === 0) return [text];
  push(text.content.slice(last));
  return out;
}

/** The parser with its [n] rule, made on the first render. */
const markdown = (() => {
  let md: Parser | undefined;
  return (): Parser => {
    if (md) return md;
    const parser = new (MarkdownIt())('default', { html: false, linkify: false, typographer: false, breaks: false });
    parser.disable(['image', 'table']);
    parser.core.ruler.push('source_refs', (state) => {
      const refs = (state.env as RenderEnv).refs;
      if (!refs) return;
      for (const block of state.tokens) {
        if (block.type !== 'inline' || !block.children) continue;
        let inLink = 0;
        block.children = block.children.flatMap((token) => {
          if (token.type === 'link_open') inLink += 1;
          if (token.type === 'link_close') inLink -= 1;
          return token.type === 'text' && inLink === 0 ? splitRefs(token, refs, (type) => new state.Token(type, '', 0)) : [token];
        });
      }
    });
    parser.renderer.rules.source_ref = (tokens, idx, _options, env) => {
      const n = (tokens[idx]!.meta as { n: number }).n;
      const refs = (env as RenderEnv).refs!;
      return `<sup class="ref"><a href="${parser.utils.escapeHtml(refs.base)}#source-${n}" aria-label="${parser.utils.escapeHtml(refs.label(n))}">[${n}]</a></sup>`;
    };
    return (md = parser);
  };
})();

const isExternal = (href: string | undefined): boolean => typeof href === 'string' && /^(?:https?|mailto):/i.test(href);

const SANITIZE: SanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h2', 'h3', 'h4', 'hr', 'sup'],
  allowedAttributes: { a: ['href', 'rel', 'aria-label'], sup: ['class'], ol: ['start'] },
  allowedClasses: { sup: ['ref'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => {
      const { rel: _typed, ...rest } = attribs; // markdown-it never writes one; ours alone counts
      return { tagName, attribs: isExternal(rest.href) ? { ...rest, rel: 'nofollow noopener' } : rest };
    },
  },
};

/** Markdown to HTML that is safe to print unescaped (the only kind of HTML views print with <%-). */
export function renderMarkdown(source: string, refs?: SourceRefs): string {
  const env: RenderEnv = refs ? { refs } : {};
  return sanitizeHtml()(markdown().render(source, env as Record<string, unknown>), SANITIZE);
}

/** Paragraph blocks as stored (an array of strings) from one Markdown text: split at blank lines. */
export function toBlocks(markdown: string): string[] {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.replace(/^\n+|\s+$/g, ''))
    .filter((block) => block.trim() !== '');
}

/** The stored blocks as one Markdown text (what the edit form shows and the pages render). */
export const fromBlocks = (blocks: readonly string[]): string => blocks.join('\n\n');
