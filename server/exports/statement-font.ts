// The CJK font of PDF statements. PDF's built-in fonts have no Chinese glyphs, so the
// statement embeds (a subset of) Noto Sans SC, shipped as OTF by the npm package
// @embedpdf/fonts-sc (SIL OFL): `npm ci` installs it, nothing else to download. Read once
// per process and kept (about 17 MB for the two weights).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const FONT_PACKAGE = '@embedpdf/fonts-sc';

export interface StatementFonts {
  regular: Buffer;
  bold: Buffer;
}

/** Where the package's fonts are; null when the package is not installed. */
export function packagedFontDirectory(): string | null {
  try {
    // the package exports only its index (dist/index.cjs for require): the fonts sit beside dist/
    const index = createRequire(import.meta.url).resolve(FONT_PACKAGE);
    return path.join(path.dirname(index), '..', 'fonts');
  } catch {
    return null;
  }
}

/** Raised when the font files cannot be read: the PDF route answers 503 with this message. */
export class MissingFontError extends Error {
  constructor(detail: string) {
    super(
      `PDF statements need the Chinese font of ${FONT_PACKAGE}, which is not installed here (${detail}). ` +
        `Run "npm ci" (or "npm install ${FONT_PACKAGE}"); the XLSX and CSV statements work without it.`,
    );
    this.name = 'MissingFontError';
  }
}

const cache = new Map<string, Promise<StatementFonts>>();

/** The fonts in `directory` (default: the package's), read once; MissingFontError when absent. */
export function statementFonts(directory: string | null = packagedFontDirectory()): Promise<StatementFonts> {
  if (!directory) return Promise.reject(new MissingFontError(`cannot resolve ${FONT_PACKAGE}`));
  let fonts = cache.get(directory);
  if (!fonts) {
    fonts = Promise.all([readFile(path.join(directory, 'NotoSansHans-Regular.otf')), readFile(path.join(directory, 'NotoSansHans-Bold.otf'))]).then(
      ([regular, bold]) => ({ regular, bold }),
      (err: NodeJS.ErrnoException) => {
        cache.delete(directory); // installed later, found on the next request
        throw new MissingFontError(`${err.code ?? 'unreadable'}: ${err.path ?? directory}`);
      },
    );
    cache.set(directory, fonts);
  }
  return fonts;
}
