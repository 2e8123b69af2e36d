// The count badge as SVG: two boxes (the site's name, then the count in words). Fixed-width layout: each
// character is given 7 px at an 11 px font, and textLength makes the viewer's font fit that box exactly
// (stretched or squeezed a little), so no font metrics are needed on the server and nothing overflows
// whatever font the viewer has. Every text is XML-escaped; the badge has no script, link or style.

const CHAR_PX = 7;
const PAD_PX = 6;
const HEIGHT = 20;

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const widthOf = (s: string): number => [...s].length * CHAR_PX;

export interface BadgeText {
  readonly lang: string;
  /** Left box, e.g. the site's name. */
  readonly label: string;
  /** Right box, e.g. "1,234 signatures". */
  readonly value: string;
  /** What a screen reader says (the petition and its count). */
  readonly title: string;
}

export function badgeSvg(text: BadgeText): string {
  const left = widthOf(text.label) + 2 * PAD_PX;
  const right = widthOf(text.value) + 2 * PAD_PX;
  const width = left + right;
  const t = (x: number, s: string) => `<text x="${x}" y="14" textLength="${widthOf(s)}" lengthAdjust="spacingAndGlyphs">${escapeXml(s)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${escapeXml(text.title)}" xml:lang="${escapeXml(text.lang)}">`,
    `<title>${escapeXml(text.title)}</title>`,
    `<rect width="${left}" height="${HEIGHT}" rx="3" fill="#1b1f24"/>`,
    `<rect x="${left}" width="${right}" height="${HEIGHT}" rx="3" fill="#0b5cad"/>`,
    `<rect x="${left}" width="4" height="${HEIGHT}" fill="#0b5cad"/>`,
    `<g fill="#fff" font-family="Verdana,DejaVu Sans,Noto Sans,sans-serif" font-size="11">`,
    t(PAD_PX, text.label),
    t(left + PAD_PX, text.value),
    `</g></svg>`,
  ].join('');
}
