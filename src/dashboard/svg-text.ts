// Text inside our SVG markup (titles, labels): escaped for XML, so a petition title cannot inject markup.
export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Coordinates to one decimal: shorter markup, no visible difference at these sizes. */
export const round = (n: number): number => Math.round(n * 10) / 10;
